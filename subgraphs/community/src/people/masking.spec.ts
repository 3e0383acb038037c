import { maskIdNumber, maskName, maskPhone } from './masking';

describe('masking', () => {
  it('names keep first and last character', () => {
    expect(maskName('王建国')).toBe('王*国');
    expect(maskName('欧阳建国')).toBe('欧**国');
    expect(maskName('王伟')).toBe('王*');
    expect(maskName('王')).toBe('王');
  });
  it('phones keep the first three and last four digits', () => {
    expect(maskPhone('13857401234')).toBe('138****1234');
    expect(maskPhone('12345678')).toBe('123*5678');
    expect(maskPhone('1234567')).toBe('*******');
  });
  it('ID numbers never show the birth date', () => {
    const masked = maskIdNumber('33020319600101123X');
    expect(masked).toBe('330***********123X');
    expect(masked).not.toContain('19600101');
  });
});
