import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Stable codes every client can switch on; the message says what to do about it. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  OPERATION_LIMIT: 'OPERATION_LIMIT',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class HubError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new HubError(ErrorCode.BAD_USER_INPUT, message, details);
export const forbidden = (message: string) => new HubError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string, id: string) =>
  new HubError(ErrorCode.NOT_FOUND, `${what} ${id} does not exist or is not visible to you`, { id });

const KNOWN = new Set<string>(Object.values(ErrorCode));
const GRAPHQL_PHASE = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND']);

/**
 * Errors we raised on purpose pass through; anything else is an internal fault whose message and
 * stack may leak internals, so outside development the caller only sees a code.
 */
export function formatError(formatted: GraphQLFormattedError, development: boolean): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  if (KNOWN.has(code) || GRAPHQL_PHASE.has(code)) {
    if (development) return formatted;
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (development) return formatted;
  return {
    message: 'Internal error; it has been logged',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: ErrorCode.INTERNAL },
  };
}
