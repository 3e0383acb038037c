import type { DataSource } from 'typeorm';
import { transaction } from '@hub/platform';
import { PropertyFirmEntity } from './firms/property-firm.entity';
import { ServiceContractEntity, type ContractModel } from './contracts/service-contract.entity';

export interface PropertyDemo {
  firms: { id: string; name: string; creditCode: string }[];
  contracts: { id: string; compoundId: string; firmId: string | null; model: ContractModel; startsOn: string; feeFenPerM2Month: number }[];
}

/** Idempotent: rows are keyed by their fixed demo ids. */
export async function seedPropertyDemo(ds: DataSource, demo: PropertyDemo): Promise<void> {
  await transaction(ds, async (manager) => {
    await manager.upsert(PropertyFirmEntity, demo.firms, ['id']);
    await manager.upsert(
      ServiceContractEntity,
      demo.contracts.map((c) => ({ ...c, endsOn: null, status: 'ACTIVE' as const })),
      ['id'],
    );
  });
}
