import { signDevToken } from '@hub/gateway';
import { TEST_JWT_SECRET } from '@hub/platform/testing';
import type { Claims } from '@hub/platform';

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
}

/** A GraphQL call over real HTTP, as an app would make it. */
export async function gql<T = any>(
  url: string,
  query: string,
  options: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

export const tokenFor = (claims: Omit<Claims, 'sub'> & { sub: string }, ttlSeconds?: number) =>
  signDevToken(TEST_JWT_SECRET, claims, ttlSeconds);
