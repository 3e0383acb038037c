import { Feed, type Generated } from './feed';
import { startFeedServer, type Answer } from './server';
import { Random } from './random';
import { epochSeconds } from './time';
import { NO_FAULTS, type ExpectedRecord, type Knobs, type RunningSimulator } from './types';

export interface UtilitySimulatorOptions {
  seed: number | string;
  /** Hub compound ids the utilities report on. */
  compounds: Array<{ id: string } | string>;
  records: number;
  port?: number;
  knobs?: Partial<Knobs>;
  startAt?: string;
  token?: string;
}

type Utility = 'GAS' | 'WATER' | 'POWER';
type Coverage = Extract<ExpectedRecord, { kind: 'UTILITY_COVERAGE' }>;
type Notice = Extract<ExpectedRecord, { kind: 'UTILITY_NOTICE' }>;

const SERVICE: Record<Utility, string> = { POWER: 'E', WATER: 'W', GAS: 'G' };
const COMPANY: Record<Utility, string> = { POWER: '国网宁波供电公司', WATER: '宁波市自来水公司', GAS: '宁波华润兴光燃气' };
const UTILITIES: Utility[] = ['POWER', 'WATER', 'GAS'];

/** The grid feed's entries (see the adapter utility-grid). */
function encode(r: Coverage | Notice): Pick<Generated, 'raw' | 'broken'> {
  const base = { msgId: r.externalId, siteRef: r.compoundId, service: SERVICE[r.utility] };
  if (r.kind === 'UTILITY_COVERAGE') {
    const raw = { msgType: 'COVERAGE', ...base, company: r.provider, connected: r.householdsConnected, households: r.householdsTotal, asOf: epochSeconds(r.reportedAt) };
    return { raw, broken: () => ({ raw: { ...raw, service: 'X' }, defect: 'unknown service code', reason: 'service X is not a utility-grid service code' }) };
  }
  const raw = {
    msgType: r.noticeKind === 'OUTAGE' ? 'OUTAGE' : 'MAINT',
    ...base,
    company: COMPANY[r.utility],
    headline: r.title,
    from: epochSeconds(r.startsAt),
    until: r.endsAt === null ? null : epochSeconds(r.endsAt),
  };
  return { raw, broken: () => ({ raw: { ...raw, from: epochSeconds(r.startsAt) * 1000 }, defect: 'milliseconds instead of seconds', reason: 'from' }) };
}

class UtilityGenerator {
  private readonly random: Random;
  private clock: number;
  private readonly step: number;
  private seq = 0;
  private readonly households = new Map<string, number>();
  private readonly connected = new Map<string, number>();
  private readonly ongoing: Notice[] = [];

  constructor(private readonly options: UtilitySimulatorOptions & { compoundIds: string[] }) {
    this.random = new Random(options.seed);
    this.clock = new Date(options.startAt ?? '2026-11-01T00:00:00Z').getTime();
    this.step = Math.max(2, Math.floor((2 * 14 * 86_400) / Math.max(options.records, 1)));
    if (options.compoundIds.length === 0) throw new Error('give the utility simulator at least one compound');
  }

  next(): Generated {
    this.clock += this.random.int(1, this.step) * 1000;
    const at = new Date(this.clock).toISOString();
    const compoundId = this.random.pick(this.options.compoundIds);
    const utility = this.random.pick(UTILITIES);
    const roll = this.random.next();
    let record: Coverage | Notice;
    if (this.ongoing.length && roll < 0.15) {
      // An outage reported earlier ends: the same message id again, now with its end.
      const outage = this.ongoing.splice(this.random.int(0, this.ongoing.length - 1), 1)[0];
      record = { ...outage, endsAt: at };
    } else if (roll < 0.55) {
      const key = `${compoundId}#${utility}`;
      const total = this.households.get(compoundId) ?? this.random.int(200, 1500);
      this.households.set(compoundId, total);
      const connected = Math.min(total, (this.connected.get(key) ?? Math.floor(total * 0.8)) + this.random.int(0, 5));
      this.connected.set(key, connected);
      record = { kind: 'UTILITY_COVERAGE', externalId: this.id('COV'), compoundId, utility, provider: COMPANY[utility], householdsConnected: connected, householdsTotal: total, reportedAt: at };
    } else if (roll < 0.75) {
      record = { kind: 'UTILITY_NOTICE', externalId: this.id('OUT'), compoundId, utility, noticeKind: 'OUTAGE', title: `${{ POWER: '停电', WATER: '停水', GAS: '停气' }[utility]}：线路/管网故障抢修`, startsAt: at, endsAt: null };
      this.ongoing.push(record);
    } else {
      const starts = this.clock + this.random.int(1, 3) * 86_400_000;
      record = {
        kind: 'UTILITY_NOTICE',
        externalId: this.id('MNT'),
        compoundId,
        utility,
        noticeKind: 'PLANNED_MAINTENANCE',
        title: `计划检修${{ POWER: '停电', WATER: '停水', GAS: '停气' }[utility]}`,
        startsAt: new Date(starts).toISOString(),
        endsAt: new Date(starts + this.random.int(2, 8) * 3_600_000).toISOString(),
      };
    }
    return { record, ...encode(record) };
  }

  private id(prefix: string): string {
    return `${prefix}${String(++this.seq).padStart(7, '0')}`;
  }
}

/** Starts a simulated utility feed (water, power, gas) serving pages by resume token. */
export async function startUtilitySimulator(options: UtilitySimulatorOptions): Promise<RunningSimulator> {
  let knobs: Knobs = { ...NO_FAULTS, ...options.knobs };
  const feed = new Feed(options.seed, () => knobs);
  const generator = new UtilityGenerator({ ...options, compoundIds: options.compounds.map((c) => (typeof c === 'string' ? c : c.id)) });
  const extend = (count: number) => {
    for (let i = 0; i < count; i++) feed.push(generator.next());
  };
  extend(options.records);
  const route = (url: URL): Answer | null => {
    if (url.pathname !== '/grid/v2/feed') return null;
    const after = url.searchParams.get('after');
    const from = after === null ? 0 : /^rt-[0-9]{1,9}$/.test(after) ? Number(after.slice(3)) : NaN;
    const max = Number(url.searchParams.get('max') ?? 100);
    if (!Number.isInteger(from) || !Number.isInteger(max) || max < 1 || max > 5000) return { status: 400, body: { error: 'after must be a resume token this feed gave, max 1 to 5000' } };
    const to = Math.min(feed.items.length, from + max);
    return { status: 200, body: { batch: { entries: feed.raw(from, to), resumeToken: `rt-${Math.max(to, from)}`, remaining: feed.items.length - Math.max(to, from) } } };
  };
  const server = await startFeedServer({ port: options.port, token: options.token, seed: options.seed, knobs: () => knobs, route });
  return {
    url: server.url,
    port: server.port,
    stop: server.stop,
    stats: server.stats,
    expected: () => feed.expected(),
    setKnobs: (next) => void (knobs = { ...knobs, ...next }),
    extend,
    pushBody: (from, to) => ({ records: feed.raw(from, to) }),
  };
}
