import { normalisePlate } from './plate';

describe('normalisePlate', () => {
  it.each([
    ['浙B12345', '浙B12345'],
    ['浙B·12345', '浙B12345'],
    [' 浙b 1234x ', '浙B1234X'],
    ['浙B-D12345', '浙BD12345'],
    ['浙B1234学', '浙B1234学'],
  ])('accepts %p as %p', (raw, plate) => {
    expect(normalisePlate(raw)).toBe(plate);
  });
  it.each(['浙B1234', '浙B1234567', 'XB12345', '浙I12345', '浙B1234O', '浙12345', '', '浙BD1234学'])('refuses %p', (raw) => {
    expect(normalisePlate(raw)).toBeNull();
  });
});
