import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** Integer fen helpers; the wire carries fen as Int-safe numbers, display formatting is the client's. */
export function assertFen(value: number, field = 'amount'): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${field} must be an integer number of fen, got ${value}`);
  return value;
}

/** 1234567 -> "12345.67": for CSV and logs, never for arithmetic. */
export function formatYuan(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const fenError = (value: unknown) =>
  new GraphQLError(`Fen must be a whole number of fen (1 yuan = 100 fen) within ±2^53, got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });

/**
 * `Fen`: money as an integer count of fen on the wire. GraphQL's Int stops at 2^31 (21 million
 * yuan), too small for a large compound's maintenance fund, so this is a JSON number that must
 * be a safe integer.
 */
export const FenScalar = new GraphQLScalarType({
  name: 'Fen',
  description: 'Money as an integer number of fen (分); 100 fen = 1 yuan.',
  serialize(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
    throw fenError(value);
  },
  parseValue(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    throw fenError(value);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.INT && Number.isSafeInteger(Number(ast.value))) return Number(ast.value);
    throw fenError(ast.kind === Kind.INT ? ast.value : ast.kind);
  },
});
