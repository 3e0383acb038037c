import { GraphQLError, parseValue as parseAst } from 'graphql';
import { assertFen, FenScalar, formatYuan } from './money';

describe('FenScalar.serialize', () => {
  it.each([
    [0, 0],
    [-150, -150],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ['123', 123],
    ['-42', -42],
    [String(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER],
  ])('accepts %p as %p', (input, output) => {
    expect(FenScalar.serialize(input)).toBe(output);
  });

  it.each([1.5, '1.5', 2 ** 53, String(2 ** 53), Number.NaN, Infinity, '', ' 1', '1e3', null, true])(
    'refuses %p',
    (input) => {
      expect(() => FenScalar.serialize(input)).toThrow(GraphQLError);
    },
  );

  it('refuses with BAD_USER_INPUT', () => {
    try {
      FenScalar.serialize(1.5);
    } catch (error) {
      expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
      return;
    }
    throw new Error('expected an error');
  });
});

describe('FenScalar.parseValue', () => {
  it('accepts safe integers', () => {
    expect(FenScalar.parseValue(1234567)).toBe(1234567);
    expect(FenScalar.parseValue(-Number.MAX_SAFE_INTEGER)).toBe(-Number.MAX_SAFE_INTEGER);
  });

  it.each([1.5, 2 ** 53, '123', Number.NaN, null])('refuses %p', (input) => {
    expect(() => FenScalar.parseValue(input)).toThrow(GraphQLError);
  });
});

describe('FenScalar.parseLiteral', () => {
  it('accepts an integer literal', () => {
    expect(FenScalar.parseLiteral(parseAst('123'), undefined)).toBe(123);
    expect(FenScalar.parseLiteral(parseAst('-9007199254740991'), undefined)).toBe(-Number.MAX_SAFE_INTEGER);
  });

  it.each(['1.5', '"123"', '9007199254740992', 'true', 'null'])('refuses the literal %s', (literal) => {
    expect(() => FenScalar.parseLiteral(parseAst(literal), undefined)).toThrow(GraphQLError);
  });
});

describe('formatYuan', () => {
  it.each([
    [1234567, '12345.67'],
    [-5, '-0.05'],
    [0, '0.00'],
    [100, '1.00'],
    [99, '0.99'],
    [-100, '-1.00'],
    [-12345, '-123.45'],
    [10, '0.10'],
  ])('formats %p fen as %p', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('refuses a fractional fen amount', () => {
    expect(() => formatYuan(1.5)).toThrow(RangeError);
  });
});

describe('assertFen', () => {
  it('returns a safe integer and names the field when refusing', () => {
    expect(assertFen(7)).toBe(7);
    expect(() => assertFen(0.1, 'deposit')).toThrow('deposit must be an integer number of fen');
    expect(() => assertFen(2 ** 53)).toThrow(RangeError);
  });
});
