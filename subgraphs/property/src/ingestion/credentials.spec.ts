import { resolveCredentials } from './credentials';

describe('credentials references', () => {
  it('resolve env:NAME from the environment', () => {
    expect(resolveCredentials('env:ERP_SECRET', { ERP_SECRET: 'whsec_abc' })).toEqual({ ok: true, secret: 'whsec_abc' });
  });

  it('name the missing variable, and treat an empty one as missing', () => {
    for (const env of [{}, { ERP_SECRET: '' }]) {
      const r = resolveCredentials('env:ERP_SECRET', env);
      expect(r).toEqual({ ok: false, reason: expect.stringContaining('ERP_SECRET is missing or empty') });
    }
  });

  it('refuse anything that is not a reference (a pasted secret is never used)', () => {
    for (const ref of ['whsec_abc', 'env:', 'env:lower', 'file:/etc/secret', 'env:A-B']) {
      expect(resolveCredentials(ref, { A: 'x' })).toEqual({ ok: false, reason: expect.stringContaining('is not of the form env:NAME') });
    }
  });
});
