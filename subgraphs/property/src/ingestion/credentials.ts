/**
 * A source's credentials are stored as a reference, never as the secret: `env:NAME` names an
 * environment variable of the processes that pull and receive pushes. Resolved at each use, so a
 * rotated variable takes effect at the next restart and a missing one shows as the source's error.
 */
export const CREDENTIALS_REF = /^env:[A-Z_][A-Z0-9_]{0,127}$/;

export type ResolvedCredentials = { ok: true; secret: string } | { ok: false; reason: string };

export function resolveCredentials(ref: string, env: NodeJS.ProcessEnv = process.env): ResolvedCredentials {
  if (!CREDENTIALS_REF.test(ref)) return { ok: false, reason: `credentialsRef "${ref}" is not of the form env:NAME` };
  const name = ref.slice(4);
  const secret = env[name];
  if (!secret) return { ok: false, reason: `credentials ${ref} are not set: the environment variable ${name} is missing or empty in the ingestion processes` };
  return { ok: true, secret };
}
