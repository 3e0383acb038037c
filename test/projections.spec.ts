import { In } from 'typeorm';
import { openSubgraphDatabase, transaction, uuidv7, type Database, type EventEnvelope, type EventHandlers } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/dist/testing';
import { communitySubgraph } from '../subgraphs/community/src';
import { CompoundContractEntity } from '../subgraphs/community/src/contracts/compound-contract.entity';
import { compoundContractEvents } from '../subgraphs/community/src/contracts/compound-contracts.events';
import { ratingSubgraph } from '../subgraphs/rating/src/subgraph';
import { ContractProjectionEntity } from '../subgraphs/rating/src/scope/contract-projection.entity';
import { projectionEvents } from '../subgraphs/rating/src/scope/projection-events';

/**
 * Projections of another subgraph's aggregates keep its newest state whatever order its events
 * are applied in: consumers apply several jobs at once, and events about one contract queued
 * together (a backlog after an outage, a replay after a Redis wipe) may run in either order.
 */
let env: TestEnvironment;
let community: Database;
let rating: Database;

beforeAll(async () => {
  env = testEnvironment();
  [community, rating] = await Promise.all([openSubgraphDatabase(communitySubgraph, env.config), openSubgraphDatabase(ratingSubgraph, env.config)]);
});

afterAll(async () => {
  await Promise.all([community?.ds.destroy(), rating?.ds.destroy()]);
  await env?.cleanup();
});

type Contract = EventEnvelope<'ContractChanged'>['payload'];
const signed = (contractId: string, compoundId: string, firmId: string): Contract => ({ contractId, compoundId, firmId, model: 'STANDARD', startsOn: '2026-01-01', endsOn: null, status: 'ACTIVE' });
const terminated = (contractId: string, compoundId: string, firmId: string): Contract => ({ ...signed(contractId, compoundId, firmId), endsOn: '2026-06-30', status: 'TERMINATED' });
const envelope = (payload: Contract): EventEnvelope<'ContractChanged'> => ({ id: uuidv7(), topic: 'ContractChanged', aggregateId: payload.contractId, occurredAt: new Date().toISOString(), payload });

/** As the event consumers apply an event: in its own transaction, tried again when it fails. */
async function apply(db: Database, handlers: EventHandlers, event: EventEnvelope<'ContractChanged'>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction(db.ds, (m) => handlers.ContractChanged!({ ds: db.ds } as never, m, event));
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

const projections = [
  { name: 'community compound_contract', db: () => community, handlers: compoundContractEvents, endsOn: async (ids: string[]) => (await community.ds.getRepository(CompoundContractEntity).findBy({ contractId: In(ids) })).map((r) => [r.contractId, r.endsOn]) },
  { name: 'rating rating_contract', db: () => rating, handlers: projectionEvents, endsOn: async (ids: string[]) => (await rating.ds.getRepository(ContractProjectionEntity).findBy({ id: In(ids) })).map((r) => [r.id, r.endsOn]) },
];

describe.each(projections)('ContractChanged into $name', ({ db, handlers, endsOn }) => {
  const ended = (ids: string[]) => ids.map((id) => [id, '2026-06-30']).sort();

  it('keeps the newer state when the older event is applied after it', async () => {
    const [contractId, compoundId, firmId] = [uuidv7(), uuidv7(), uuidv7()];
    const older = envelope(signed(contractId, compoundId, firmId));
    const newer = envelope(terminated(contractId, compoundId, firmId));
    await apply(db(), handlers, newer);
    await apply(db(), handlers, older);
    expect(await endsOn([contractId])).toEqual(ended([contractId]));
    // and a redelivery of the newest event changes nothing either
    await apply(db(), handlers, newer);
    expect(await endsOn([contractId])).toEqual(ended([contractId]));
  });

  it('keeps the newest state when a contract\'s events are applied at the same time', async () => {
    const contracts = Array.from({ length: 12 }, () => [uuidv7(), uuidv7(), uuidv7()] as const);
    const events = contracts.map(([c, k, f]) => [envelope(signed(c, k, f)), envelope(terminated(c, k, f))]);
    await Promise.all(events.flatMap(([older, newer]) => [apply(db(), handlers, newer), apply(db(), handlers, older)]));
    const ids = contracts.map(([c]) => c);
    expect((await endsOn(ids)).sort()).toEqual(ended(ids));
  });
});
