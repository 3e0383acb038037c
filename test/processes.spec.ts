import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadConfig, startSubgraph } from '@hub/platform';
import { ratingSubgraph } from '@hub/rating';
import { testEnvironment, TEST_JWT_SECRET, TEST_SIGNING_SECRET, type TestEnvironment } from '@hub/platform/testing';
import { startGateway } from '@hub/gateway';

/** Services as production starts them: separate processes configured from the environment. */
const root = join(__dirname, '..');

function run(entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [join(root, entry)], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

describe('a bad environment stops start-up and names the variable', () => {
  it.each([
    [{ HUB_ENV: 'production', GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET }, 'JWT_SECRET is required'],
    [{ HUB_ENV: 'development', GATEWAY_PORT: 'abc' }, 'GATEWAY_PORT'],
    [{ HUB_ENV: 'development', LIMIT_MAX_DEPTH: '-1' }, 'LIMIT_MAX_DEPTH'],
  ])('%j', async (env, expected) => {
    const p = run('gateway/dist/main.js', env as Record<string, string>);
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain(expected);
  });
});

describe('a subgraph process', () => {
  let env: TestEnvironment;
  beforeAll(() => {
    env = testEnvironment();
  });
  afterAll(() => env.cleanup());

  it('serves, then drains and exits cleanly on SIGTERM', async () => {
    const p = run('subgraphs/rating/dist/main.js', { ...env.env, LOG_LEVEL: 'info', RATING_PORT: '0' });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line in ${p.output()}`)), 20_000);
      p.child.stdout.on('data', () => {
        const m = /"port":(\d+).*listening/.exec(p.output());
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain('"msg":"stopped"');
  });
});

describe('development mode', () => {
  it('lets a developer query one subgraph directly, without the gateway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-dev-'));
    const config = loadConfig({ HUB_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${dir}` });
    const rating = await startSubgraph(ratingSubgraph, config, { port: 0 });
    try {
      const res = await fetch(rating.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
      expect(res.status).toBe(200);
      expect((await res.json()).data._service.sdl).toContain('latestRating');
    } finally {
      await rating.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GraphiQL', () => {
  it('is served in development without any CDN, so it works offline', async () => {
    const config = loadConfig({ HUB_ENV: 'development', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET });
    const gateway = await startGateway(config, { port: 0 });
    try {
      const res = await fetch(gateway.url, { headers: { accept: 'text/html' } });
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain('graphiql');
      expect(html).not.toMatch(/https?:\/\/(unpkg\.com|cdn\.jsdelivr\.net|esm\.sh|cdnjs)/);
      expect(html).not.toMatch(/<script[^>]+src="https?:/);
    } finally {
      await gateway.stop();
    }
  });

  it('is not served in production', async () => {
    const config = loadConfig({ HUB_ENV: 'production', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET, DATABASE_URL: 'mysql://root@127.0.0.1/x' });
    const gateway = await startGateway(config, { port: 0 });
    try {
      const res = await fetch(gateway.url, { headers: { accept: 'text/html' } });
      expect(await res.text()).not.toContain('graphiql');
    } finally {
      await gateway.stop();
    }
  });
});
