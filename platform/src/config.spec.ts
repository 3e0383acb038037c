import { ConfigError, loadConfig, webhookSecretKey } from './config';

const JWT_SECRET = 'j'.repeat(32);
const SIGNING_SECRET = 's'.repeat(32);
const production = {
  HUB_ENV: 'production',
  DATABASE_URL: 'mysql://hub:pw@db:3306/hub',
  JWT_SECRET,
  GATEWAY_SIGNING_SECRET: SIGNING_SECRET,
};

/** The ConfigError loadConfig throws for `env`; fails the test if it does not throw one. */
const configError = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig in development', () => {
  const config = loadConfig({ HUB_ENV: 'development' });

  it('has demo secrets and the embedded SQLite database', () => {
    expect(config.isDevelopment).toBe(true);
    expect(config.databaseUrl).toBe('sqlite:.data');
    expect(config.jwt.secret!.length).toBeGreaterThanOrEqual(32);
    expect(config.signingSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('has the documented defaults', () => {
    expect(config.gatewayPort).toBe(4000);
    expect(config.ports).toEqual({ community: 4001, property: 4002, finance: 4003, rating: 4004 });
    expect(config.limits).toEqual({ maxDepth: 12, maxAliases: 15, maxRootFields: 10, maxTokens: 3000, maxPageSize: 100 });
    expect(config.signatureMaxAgeSeconds).toBe(300);
  });

  it('turns GraphiQL on', () => {
    expect(config.graphiql).toBe(true);
  });
});

describe('loadConfig in production', () => {
  it('loads a complete environment', () => {
    const config = loadConfig(production);
    expect(config.env).toBe('production');
    expect(config.isDevelopment).toBe(false);
    expect(config.jwt.secret).toBe(JWT_SECRET);
    expect(config.signingSecret).toBe(SIGNING_SECRET);
    expect(config.databaseUrl).toBe(production.DATABASE_URL);
  });

  it('is the mode when HUB_ENV is unset', () => {
    const { HUB_ENV: _unset, ...rest } = production;
    expect(loadConfig(rest).env).toBe('production');
    expect(configError({}).variable).toBe('JWT_SECRET');
  });

  it.each(['JWT_SECRET', 'GATEWAY_SIGNING_SECRET', 'DATABASE_URL'])('refuses to start without %s', (variable) => {
    const env: Record<string, string> = { ...production };
    delete env[variable];
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toContain('HUB_ENV=production');
  });

  it('also requires secrets when HUB_ENV=test', () => {
    const { JWT_SECRET: _unset, ...rest } = production;
    expect(configError({ ...rest, HUB_ENV: 'test' }).message).toContain('JWT_SECRET');
  });

  it('accepts a JWT secret of exactly 32 characters and refuses 31', () => {
    expect(loadConfig({ ...production, JWT_SECRET: 'x'.repeat(32) }).jwt.secret).toHaveLength(32);
    expect(configError({ ...production, JWT_SECRET: 'x'.repeat(31) }).variable).toBe('JWT_SECRET');
  });

  it('refuses a short signing secret', () => {
    expect(configError({ ...production, GATEWAY_SIGNING_SECRET: 'x'.repeat(31) }).variable).toBe('GATEWAY_SIGNING_SECRET');
  });

  it('does not need JWT_SECRET when JWT_JWKS_URL is set', () => {
    const { JWT_SECRET: _unset, ...rest } = production;
    const config = loadConfig({ ...rest, JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json' });
    expect(config.jwt.secret).toBeUndefined();
    expect(config.jwt.jwksUrl).toBe('https://idp.example/.well-known/jwks.json');
  });

  it('treats an empty JWT_JWKS_URL as unset', () => {
    const { JWT_SECRET: _unset, ...rest } = production;
    expect(configError({ ...rest, JWT_JWKS_URL: '' }).variable).toBe('JWT_SECRET');
  });

  it('serves no GraphiQL in production', () => {
    expect(loadConfig(production).graphiql).toBe(false);
  });
});

describe('loadConfig validation', () => {
  it.each(['abc', '70000', '65536', '-1', '80.5'])('refuses GATEWAY_PORT=%s', (value) => {
    const error = configError({ ...production, GATEWAY_PORT: value });
    expect(error.variable).toBe('GATEWAY_PORT');
    expect(error.message).toContain('GATEWAY_PORT');
    expect(error.message).toContain(JSON.stringify(value));
  });

  it('accepts port 65535 given as a string', () => {
    expect(loadConfig({ ...production, GATEWAY_PORT: '65535' }).gatewayPort).toBe(65535);
  });

  it.each(['postgres://x', 'mysql:/x', 'file.db'])('refuses DATABASE_URL=%s', (value) => {
    const error = configError({ ...production, DATABASE_URL: value });
    expect(error.variable).toBe('DATABASE_URL');
    expect(error.message).toContain('DATABASE_URL');
  });

  it.each(['mysql://h/db', 'mariadb://h/db', 'sqlite:/var/lib/hub'])('accepts DATABASE_URL=%s', (value) => {
    expect(loadConfig({ ...production, DATABASE_URL: value }).databaseUrl).toBe(value);
  });

  it('refuses a limit of zero', () => {
    expect(configError({ ...production, LIMIT_MAX_DEPTH: '0' }).variable).toBe('LIMIT_MAX_DEPTH');
  });

  it('reads limits from the environment', () => {
    const config = loadConfig({ ...production, LIMIT_MAX_DEPTH: '3', PAGE_SIZE_MAX: '7' });
    expect(config.limits.maxDepth).toBe(3);
    expect(config.limits.maxPageSize).toBe(7);
  });
});

describe('subgraph URLs', () => {
  it('default to localhost on each subgraph port', () => {
    expect(loadConfig({ ...production, FINANCE_PORT: '5003' }).subgraphUrls).toEqual({
      community: 'http://127.0.0.1:4001/graphql',
      property: 'http://127.0.0.1:4002/graphql',
      finance: 'http://127.0.0.1:5003/graphql',
      rating: 'http://127.0.0.1:4004/graphql',
    });
  });

  it('can be overridden one at a time', () => {
    const urls = loadConfig({ ...production, RATING_URL: 'http://rating.internal:8080/graphql' }).subgraphUrls;
    expect(urls.rating).toBe('http://rating.internal:8080/graphql');
    expect(urls.community).toBe('http://127.0.0.1:4001/graphql');
  });

  it('fall back to the port when the override is empty', () => {
    expect(loadConfig({ ...production, PROPERTY_URL: '' }).subgraphUrls.property).toBe('http://127.0.0.1:4002/graphql');
  });

  it('refuse an override that is not a URL', () => {
    expect(configError({ ...production, COMMUNITY_URL: 'not a url' }).variable).toBe('COMMUNITY_URL');
  });
});

describe('values that must not surprise', () => {
  it('treats an empty variable as unset', () => {
    expect(loadConfig({ HUB_ENV: 'development', GATEWAY_PORT: '' }).gatewayPort).toBe(4000);
  });

  it('never echoes a secret in its error', () => {
    expect(() => loadConfig({ HUB_ENV: 'production', JWT_SECRET: 'my-real-secret', GATEWAY_SIGNING_SECRET: 'x'.repeat(32) })).toThrow(
      /JWT_SECRET must be at least 32 characters \(value hidden\)/,
    );
  });
});

describe('WEBHOOK_SECRET_KEY (partners\' webhook secrets at rest)', () => {
  const base64Key = Buffer.alloc(32, 7).toString('base64');
  const hexKey = 'ab'.repeat(32);

  it('has a demo key in development only; test mode, like production, needs its own', () => {
    expect(webhookSecretKey(loadConfig({ HUB_ENV: 'development' }))).toHaveLength(32);
    const test = loadConfig({ ...production, HUB_ENV: 'test' });
    expect(() => webhookSecretKey(test)).toThrow(/WEBHOOK_SECRET_KEY/);
  });

  it('is required in production by the processes that use it, naming the variable', () => {
    const config = loadConfig(production); // the gateway and other subgraphs start without it
    expect(config.webhooks.secretKey).toBeNull();
    let error: unknown;
    try {
      webhookSecretKey(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('WEBHOOK_SECRET_KEY');
    expect((error as ConfigError).message).toContain('HUB_ENV=production');
  });

  it('accepts 32 bytes as base64 or hex, in production too', () => {
    expect(webhookSecretKey(loadConfig({ ...production, WEBHOOK_SECRET_KEY: base64Key }))).toEqual(Buffer.alloc(32, 7));
    expect(webhookSecretKey(loadConfig({ ...production, WEBHOOK_SECRET_KEY: hexKey }))).toEqual(Buffer.alloc(32, 0xab));
  });

  it.each([
    ['31 bytes', Buffer.alloc(31, 1).toString('base64')],
    ['33 bytes', Buffer.alloc(33, 1).toString('base64')],
    ['63 hex digits', 'a'.repeat(63)],
    ['a passphrase', 'correct horse battery staple correct horse!'],
  ])('refuses %s, without echoing it', (_what, value) => {
    const error = configError({ ...production, WEBHOOK_SECRET_KEY: value });
    expect(error.variable).toBe('WEBHOOK_SECRET_KEY');
    expect(error.message).toContain('value hidden');
    expect(error.message).not.toContain(value);
  });

  it('has a one-day grace period for rotated secrets by default, at most a week', () => {
    expect(loadConfig(production).webhooks.secretGraceSeconds).toBe(86_400);
    expect(loadConfig({ ...production, WEBHOOK_SECRET_GRACE_SECONDS: '0' }).webhooks.secretGraceSeconds).toBe(0);
    expect(loadConfig({ ...production, WEBHOOK_SECRET_GRACE_SECONDS: '604800' }).webhooks.secretGraceSeconds).toBe(604_800);
    expect(configError({ ...production, WEBHOOK_SECRET_GRACE_SECONDS: '604801' }).variable).toBe('WEBHOOK_SECRET_GRACE_SECONDS');
  });
});

describe('outbox replay window', () => {
  it('is a day by default, from a minute up to the week completed event jobs are kept', () => {
    expect(loadConfig(production).outboxReplayWindowSeconds).toBe(86_400);
    expect(loadConfig({ ...production, OUTBOX_REPLAY_WINDOW_SECONDS: '60' }).outboxReplayWindowSeconds).toBe(60);
    expect(loadConfig({ ...production, OUTBOX_REPLAY_WINDOW_SECONDS: '604800' }).outboxReplayWindowSeconds).toBe(604_800);
  });

  it.each(['59', '604801', '0', '1.5', 'a day'])('refuses OUTBOX_REPLAY_WINDOW_SECONDS=%s, naming the variable', (value) => {
    const error = configError({ ...production, OUTBOX_REPLAY_WINDOW_SECONDS: value });
    expect(error.variable).toBe('OUTBOX_REPLAY_WINDOW_SECONDS');
    expect(error.message).toContain(JSON.stringify(value));
  });
});

describe('ingestion settings', () => {
  it('have defaults: 500 records per push, pause after 5 failures, 5 apply attempts', () => {
    const { ingestion } = loadConfig(production);
    expect(ingestion).toMatchObject({ pushMaxRecords: 500, pauseAfterFailures: 5, applyAttempts: 5, fetchTimeoutMs: 10_000, retryBaseMs: 2_000 });
  });

  it('read each variable', () => {
    const { ingestion } = loadConfig({ ...production, INGEST_PUSH_MAX_RECORDS: '5000', INGEST_FETCH_TIMEOUT_MS: '250', INGEST_PAUSE_AFTER_FAILURES: '1', INGEST_RETRY_BASE_MS: '10', INGEST_APPLY_ATTEMPTS: '1', INGEST_RECONCILE_MS: '200' });
    expect(ingestion).toMatchObject({ pushMaxRecords: 5_000, fetchTimeoutMs: 250, pauseAfterFailures: 1, retryBaseMs: 10, applyAttempts: 1, reconcileMs: 200 });
  });

  it.each([
    ['INGEST_PUSH_MAX_RECORDS', '0'],
    ['INGEST_PUSH_MAX_RECORDS', '5001'],
    ['INGEST_PUSH_MAX_RECORDS', 'many'],
    ['INGEST_FETCH_TIMEOUT_MS', '0'],
    ['INGEST_PAUSE_AFTER_FAILURES', '-1'],
    ['INGEST_RETRY_BASE_MS', '1.5'],
    ['INGEST_APPLY_ATTEMPTS', '0'],
    ['INGEST_APPLY_ATTEMPTS', '51'],
    ['INGEST_RECONCILE_MS', 'soon'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    const error = configError({ ...production, [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(JSON.stringify(value));
  });
});
