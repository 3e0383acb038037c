import { z } from 'zod';

/**
 * Every environment variable the hub reads, parsed in one place.
 *
 * Development mode (`HUB_ENV=development`, what `npm start` uses) has safe demo defaults for
 * everything; production refuses to start without real secrets so that a forgotten variable
 * never silently becomes a known dev secret.
 */
const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
const DEV_SIGNING_SECRET = 'dev-only-gateway-signing-secret-0123456789';
/** 32 bytes, base64: the demo's key for partners' webhook secrets at rest. Never use it in production. */
const DEV_WEBHOOK_SECRET_KEY = Buffer.from('dev-only-webhook-secret-key-0123', 'utf8').toString('base64');

/** A 256-bit key given as base64 (44 characters) or hex (64 digits); null when it is neither. */
export function parseKey256(value: string): Buffer | null {
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(value)) {
    const key = Buffer.from(value, 'base64');
    return key.length === 32 ? key : null;
  }
  return null;
}

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalUrl = z.string().url().optional();

const schema = z.object({
  HUB_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^(mysql|mariadb):\/\/|^sqlite:/, 'must start with mysql://, mariadb:// or sqlite:')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_{}:-]+$/i, 'letters, digits, _ - : { } only').default('hub'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_JWKS_URL: optionalUrl,
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  GATEWAY_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SIGNATURE_MAX_AGE_SECONDS: positive(300),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: port(4000),
  COMMUNITY_PORT: port(4001),
  PROPERTY_PORT: port(4002),
  FINANCE_PORT: port(4003),
  RATING_PORT: port(4004),
  COMMUNITY_URL: optionalUrl,
  PROPERTY_URL: optionalUrl,
  FINANCE_URL: optionalUrl,
  RATING_URL: optionalUrl,
  LIMIT_MAX_DEPTH: positive(12),
  LIMIT_MAX_ALIASES: positive(15),
  LIMIT_MAX_ROOT_FIELDS: positive(10),
  LIMIT_MAX_TOKENS: positive(3000),
  PAGE_SIZE_MAX: positive(100),
  REQUEST_BODY_MAX_BYTES: positive(1_000_000),
  OUTBOX_POLL_MS: positive(500),
  // At most 7 days of events published again at once; consumers skip those they applied (processed_event).
  OUTBOX_REPLAY_WINDOW_SECONDS: z.coerce.number().int().min(60).max(604_800).default(86_400),
  SHUTDOWN_GRACE_MS: positive(10_000),
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: z.string().default(''),
  WEBHOOK_RETRY_BASE_MS: positive(30_000),
  WEBHOOK_DISABLE_AFTER_FAILURES: positive(20),
  WEBHOOK_TIMEOUT_MS: positive(10_000),
  WEBHOOK_SECRET_KEY: z
    .string()
    .refine((v) => parseKey256(v) !== null, 'must be 32 random bytes as base64 (44 characters) or hex (64 digits), e.g. from `openssl rand -base64 32`')
    .optional(),
  WEBHOOK_SECRET_GRACE_SECONDS: z.coerce.number().int().min(0).max(604_800).default(86_400),
  INGEST_PUSH_MAX_RECORDS: z.coerce.number().int().min(1).max(5_000).default(500),
  INGEST_FETCH_TIMEOUT_MS: positive(10_000),
  INGEST_PAUSE_AFTER_FAILURES: positive(5),
  INGEST_RETRY_BASE_MS: positive(2_000),
  INGEST_RETRY_MAX_MS: positive(600_000),
  INGEST_APPLY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  INGEST_RECONCILE_MS: positive(5_000),
});

/** Never echoed back in an error: they are secrets or may carry a password. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'GATEWAY_SIGNING_SECRET', 'DATABASE_URL', 'REDIS_URL', 'WEBHOOK_SECRET_KEY']);

export const SUBGRAPHS = ['community', 'property', 'finance', 'rating'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxTokens: number;
  maxPageSize: number;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  isDevelopment: boolean;
  logLevel: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  jwt: { secret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  signingSecret: string;
  signatureMaxAgeSeconds: number;
  host: string;
  gatewayPort: number;
  ports: Record<SubgraphName, number>;
  subgraphUrls: Record<SubgraphName, string>;
  limits: Limits;
  requestBodyMaxBytes: number;
  outboxPollMs: number;
  /**
   * When the relay finds Redis emptied (restarted without persistence, flushed), it publishes
   * again every event it published this far back, so that none a consumer had not applied is lost.
   */
  outboxReplayWindowSeconds: number;
  shutdownGraceMs: number;
  graphiql: boolean;
  /** Partner webhook deliveries (rating subgraph). */
  webhooks: WebhookConfig;
  /** Data ingestion from firms' ERPs and utilities (property subgraph). */
  ingestion: IngestionConfig;
}

export interface IngestionConfig {
  /** Most records one push (`POST /ingest/{sourceId}`) may carry; more is refused with 413. */
  pushMaxRecords: number;
  /** A page request to a source that takes longer fails (and counts towards pausing it). */
  fetchTimeoutMs: number;
  /** A source is paused after this many failed fetches in a row, with the last error as reason. */
  pauseAfterFailures: number;
  /** Wait after the first failed fetch; doubled per further failure up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Tries of a batch's apply job before the batch is dead (dead-letter, replayable). */
  applyAttempts: number;
  /** How often staged batches without a job and missing schedulers are put back (e.g. after a Redis restart). */
  reconcileMs: number;
}

export interface WebhookConfig {
  /**
   * Hosts (names or IP addresses) that may be delivered to although they are private or loopback;
   * empty in production so that a webhook URL can never reach into the hub's own network.
   */
  allowedPrivateHosts: string[];
  /** First retry delay; each later retry waits three times longer, with jitter. */
  retryBaseMs: number;
  /** An endpoint is disabled after this many failed attempts in a row. */
  disableAfterFailures: number;
  timeoutMs: number;
  /**
   * AES-256 key that encrypts partners' signing secrets at rest; null when WEBHOOK_SECRET_KEY is
   * unset outside development. Read it through `webhookSecretKey`, which refuses to go on
   * without one: only the rating subgraph's processes need it, so the gateway and the other
   * subgraphs start without it.
   */
  secretKey: Buffer | null;
  /** How long the old secret still signs after a rotation, unless the rotation names its own period. */
  secretGraceSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid environment: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR=` lines.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0]);
    const shown = SECRET_VARIABLES.has(variable) ? 'value hidden' : `got ${JSON.stringify(env[variable])}`;
    throw new ConfigError(variable, `${issue.message} (${shown})`);
  }
  const e = parsed.data;
  const dev = e.HUB_ENV === 'development';
  const required = (variable: string, value: string | undefined, devDefault: string): string => {
    if (value) return value;
    if (dev) return devDefault;
    throw new ConfigError(variable, `is required when HUB_ENV=${e.HUB_ENV}`);
  };
  const jwtSecret = e.JWT_JWKS_URL ? e.JWT_SECRET : required('JWT_SECRET', e.JWT_SECRET, DEV_JWT_SECRET);
  const ports: Record<SubgraphName, number> = {
    community: e.COMMUNITY_PORT,
    property: e.PROPERTY_PORT,
    finance: e.FINANCE_PORT,
    rating: e.RATING_PORT,
  };
  const urls: Record<SubgraphName, string | undefined> = {
    community: e.COMMUNITY_URL,
    property: e.PROPERTY_URL,
    finance: e.FINANCE_URL,
    rating: e.RATING_URL,
  };
  const subgraphUrls = Object.fromEntries(
    SUBGRAPHS.map((name) => [name, urls[name] ?? `http://127.0.0.1:${ports[name]}/graphql`]),
  ) as Record<SubgraphName, string>;
  return {
    env: e.HUB_ENV,
    isDevelopment: dev,
    logLevel: e.LOG_LEVEL,
    databaseUrl: required('DATABASE_URL', e.DATABASE_URL, 'sqlite:.data'),
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    jwt: { secret: jwtSecret, jwksUrl: e.JWT_JWKS_URL, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    signingSecret: required('GATEWAY_SIGNING_SECRET', e.GATEWAY_SIGNING_SECRET, DEV_SIGNING_SECRET),
    signatureMaxAgeSeconds: e.SIGNATURE_MAX_AGE_SECONDS,
    host: e.HOST,
    gatewayPort: e.GATEWAY_PORT,
    ports,
    subgraphUrls,
    limits: {
      maxDepth: e.LIMIT_MAX_DEPTH,
      maxAliases: e.LIMIT_MAX_ALIASES,
      maxRootFields: e.LIMIT_MAX_ROOT_FIELDS,
      maxTokens: e.LIMIT_MAX_TOKENS,
      maxPageSize: e.PAGE_SIZE_MAX,
    },
    requestBodyMaxBytes: e.REQUEST_BODY_MAX_BYTES,
    outboxPollMs: e.OUTBOX_POLL_MS,
    outboxReplayWindowSeconds: e.OUTBOX_REPLAY_WINDOW_SECONDS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    graphiql: dev,
    webhooks: {
      allowedPrivateHosts: e.WEBHOOK_ALLOWED_PRIVATE_HOSTS.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      disableAfterFailures: e.WEBHOOK_DISABLE_AFTER_FAILURES,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      secretKey: e.WEBHOOK_SECRET_KEY ? parseKey256(e.WEBHOOK_SECRET_KEY) : dev ? parseKey256(DEV_WEBHOOK_SECRET_KEY) : null,
      secretGraceSeconds: e.WEBHOOK_SECRET_GRACE_SECONDS,
    },
    ingestion: {
      pushMaxRecords: e.INGEST_PUSH_MAX_RECORDS,
      fetchTimeoutMs: e.INGEST_FETCH_TIMEOUT_MS,
      pauseAfterFailures: e.INGEST_PAUSE_AFTER_FAILURES,
      retryBaseMs: e.INGEST_RETRY_BASE_MS,
      retryMaxMs: e.INGEST_RETRY_MAX_MS,
      applyAttempts: e.INGEST_APPLY_ATTEMPTS,
      reconcileMs: e.INGEST_RECONCILE_MS,
    },
  };
}

/**
 * The key for partners' webhook secrets. Required in production like JWT_SECRET, but only by the
 * processes that read or write those secrets (the rating subgraph's server and worker), which call
 * this at start so that a missing key stops them at once with the variable named.
 */
export function webhookSecretKey(config: Pick<Config, 'env' | 'webhooks'>): Buffer {
  if (config.webhooks.secretKey) return config.webhooks.secretKey;
  throw new ConfigError('WEBHOOK_SECRET_KEY', `is required when HUB_ENV=${config.env} (the rating subgraph encrypts partners' webhook secrets with it); make one with \`openssl rand -base64 32\``);
}
