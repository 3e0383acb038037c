import { isAbsolute, join, resolve } from 'node:path';
import { databaseTarget } from './data-source';

describe('databaseTarget for MySQL', () => {
  it('takes user, password, host, port and prefix from the URL', () => {
    expect(databaseTarget('mysql://hub:secret@db.internal:3307/acme', 'finance')).toEqual({
      kind: 'mysql',
      host: 'db.internal',
      port: 3307,
      user: 'hub',
      password: 'secret',
      database: 'acme_finance',
    });
  });

  it('defaults to prefix hub, port 3306, user root and no password', () => {
    expect(databaseTarget('mysql://db', 'rating')).toEqual({
      kind: 'mysql',
      host: 'db',
      port: 3306,
      user: 'root',
      password: '',
      database: 'hub_rating',
    });
    expect(databaseTarget('mysql://db/', 'rating')).toMatchObject({ database: 'hub_rating' });
  });

  it('percent-decodes the user and password', () => {
    const target = databaseTarget('mysql://hub%2Badmin:p%40ss%3Aw%2Fd@db/hub', 'community');
    expect(target).toMatchObject({ user: 'hub+admin', password: 'p@ss:w/d' });
  });

  it('accepts mariadb:// URLs', () => {
    expect(databaseTarget('mariadb://u:p@maria:3310/x_1', 'property')).toMatchObject({
      kind: 'mysql',
      host: 'maria',
      port: 3310,
      database: 'x_1_property',
    });
  });

  it.each(['hub-prod', 'hub%20prod', 'a/b', 'hub;drop', 'h%60b'])('refuses the database prefix %s', (prefix) => {
    expect(() => databaseTarget(`mysql://db/${prefix}`, 'community')).toThrow('must be letters, digits and _');
  });
});

describe('databaseTarget for SQLite', () => {
  it('puts each subgraph in its own file under a relative directory, as an absolute path', () => {
    const target = databaseTarget('sqlite:.data', 'community');
    expect(target).toEqual({ kind: 'sqlite', file: resolve('.data', 'community.sqlite') });
    expect(isAbsolute((target as { file: string }).file)).toBe(true);
  });

  it('uses an absolute directory from sqlite:///path', () => {
    expect(databaseTarget('sqlite:///tmp/x', 'finance')).toEqual({ kind: 'sqlite', file: join('/tmp/x', 'finance.sqlite') });
  });

  it('uses an absolute directory from sqlite:/path', () => {
    expect(databaseTarget('sqlite:/tmp/y', 'rating')).toEqual({ kind: 'sqlite', file: '/tmp/y/rating.sqlite' });
  });

  it('falls back to .data when no directory is given', () => {
    expect(databaseTarget('sqlite:', 'property')).toEqual({ kind: 'sqlite', file: resolve('.data', 'property.sqlite') });
  });
});
