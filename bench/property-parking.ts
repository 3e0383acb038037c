import { CompoundScopeEntity, createLogger, Loaders, openSubgraphDatabase, uuidv7, type Database, type RequestContext } from '@hub/platform';
import { testEnvironment } from '@hub/platform/dist/testing';
import { propertySubgraph } from '@hub/property';
import { parkingFeeFen } from '@hub/property/dist/parking/fee';
import { ParkingAreaEntity, ParkingEntranceEntity } from '@hub/property/dist/facilities/parking-area.entity';
import { ParkingPricingRuleEntity } from '@hub/property/dist/parking/parking.entities';
import { recordGateEvents, type GateEventInput } from '@hub/property/dist/parking/parking.service';
import { runStandalone, timed, median, type BenchRow } from './feature-bench';

/**
 * Parking on MariaDB/MySQL: the pure fee function over a million stays, and a gate system's batch
 * of 1000 events (500 vehicles in and out, each exit priced and its fee announced) applied in one
 * transaction, then resent (all skipped). Run after `npm run build`:
 * `node -r @swc-node/register bench/property-parking.ts`.
 */
const HOUR = 3_600_000;

export async function runPropertyParkingBench(options: { stays?: number; vehicles?: number; runs?: number } = {}): Promise<BenchRow[]> {
  const stays = options.stays ?? 1_000_000;
  const vehicles = options.vehicles ?? 500;
  const runs = options.runs ?? 5;

  // The fee function alone: a spread of stays from 0 to 3 days.
  const rule = { freeMinutes: 15, hourlyFen: 500, dailyCapFen: 4000 };
  const start = new Date('2026-11-20T00:00:00Z');
  const ends = Array.from({ length: 1000 }, (_, i) => new Date(start.getTime() + ((i * 7919) % (72 * 60)) * 60_000));
  const fee = await timed(() => {
    let sum = 0;
    for (let i = 0; i < stays; i++) sum += parkingFeeFen(rule, start, ends[i % ends.length]);
    return sum;
  });
  if (!(fee.value > 0)) throw new Error('fees summed to nothing');

  const env = testEnvironment();
  let db: Database | null = null;
  try {
    db = await openSubgraphDatabase(propertySubgraph, env.config);
    const compoundId = uuidv7();
    await db.ds.getRepository(CompoundScopeEntity).insert({ compoundId, regionPath: '330203012003,330203012000,330203000000' });
    await db.ds.getRepository(ParkingPricingRuleEntity).insert([
      { id: uuidv7(), compoundId, plateClass: 'VISITOR', freeMinutes: 15, hourlyFen: 500, dailyCapFen: 4000, monthlyPassFen: null },
      { id: uuidv7(), compoundId, plateClass: 'OWNER', freeMinutes: 30, hourlyFen: 200, dailyCapFen: 1000, monthlyPassFen: 15000 },
    ]);
    // gate events are accepted only from the compound's recorded entrance gates
    const areaId = uuidv7();
    await db.ds.getRepository(ParkingAreaEntity).insert({ id: areaId, compoundId, name: 'bench' });
    await db.ds.getRepository(ParkingEntranceEntity).insert(['1号出入口', '2号出入口'].map((gateCode) => ({ id: uuidv7(), areaId, compoundId, name: gateCode, gateCode })));
    const ctx: RequestContext = {
      requestId: 'bench',
      claims: { sub: 'bench-admin', role: 'ADMIN' },
      loaders: new Loaders(),
      ds: db.ds,
      config: env.config,
      log: createLogger('bench', 'silent'),
    };
    const dayStart = Date.now() - 30 * HOUR;
    const timesFor = (run: number) => {
      const events: GateEventInput[] = [];
      for (let v = 0; v < vehicles; v++) {
        const plate = `浙B${String(run * vehicles + v).padStart(5, '0')}`.slice(0, 8);
        const enter = dayStart + ((v * 37) % (12 * 60)) * 60_000;
        const leave = enter + (10 + ((v * 53) % (10 * 60))) * 60_000;
        events.push({ sourceRef: `r${run}-in-${v}`, plate, gate: '1号出入口', direction: 'ENTRY', at: new Date(enter).toISOString() });
        events.push({ sourceRef: `r${run}-out-${v}`, plate, gate: '2号出入口', direction: 'EXIT', at: new Date(leave).toISOString() });
      }
      return events;
    };
    const batchTimes: number[] = [];
    const statements: number[] = [];
    let closed = 0;
    for (let r = 0; r < runs; r++) {
      const events = timesFor(r);
      const before = db.statements.count;
      const t = await timed(() => recordGateEvents({ ...ctx, loaders: new Loaders() }, compoundId, events));
      batchTimes.push(t.ms);
      statements.push(db.statements.count - before);
      closed = t.value.sessionsClosed;
      if (t.value.accepted !== events.length) throw new Error(`accepted ${t.value.accepted} of ${events.length}`);
    }
    const resend = await timed(() => recordGateEvents({ ...ctx, loaders: new Loaders() }, compoundId, timesFor(0)));
    if (resend.value.duplicates !== 2 * vehicles) throw new Error('resent events were not all skipped');

    return [
      { case: `parkingFeeFen over ${stays} stays`, value: Number(((fee.ms * 1e6) / stays).toFixed(1)), unit: 'ns a stay', note: `${Math.round(fee.ms)} ms in all` },
      {
        case: `recordGateEvents, batch of ${2 * vehicles} events (${vehicles} vehicles in and out)`,
        value: Math.round(median(batchTimes)),
        unit: 'ms (median)',
        note: `${runs} runs, ${closed} stays priced per batch, ${median(statements)} statements per batch`,
      },
      { case: `the same batch resent (all ${2 * vehicles} skipped)`, value: Math.round(resend.ms), unit: 'ms' },
    ];
  } finally {
    await db?.ds.destroy();
    await env.cleanup();
  }
}

runStandalone(module, () => runPropertyParkingBench());
