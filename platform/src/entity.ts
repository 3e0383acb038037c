import {
  BeforeInsert,
  Column,
  CreateDateColumn,
  PrimaryColumn,
  UpdateDateColumn,
  type ColumnOptions,
  type ValueTransformer,
} from 'typeorm';
import { uuidv7 } from './ids';

/** Id, creation and update time shared by every table; ids are UUIDv7 strings. */
export abstract class BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;

  @BeforeInsert()
  protected assignId(): void {
    if (!this.id) this.id = uuidv7();
  }
}

/**
 * MySQL hands BIGINT back as a string; we want a JS number and refuse silently losing precision
 * (2^53 fen is ninety trillion yuan, far beyond any compound).
 */
export const bigintTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => {
    if (value === null || value === undefined) return value;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`BIGINT ${value} is outside the safe integer range`);
    return n;
  },
};

/** Money in integer fen (分): never a float. */
export function MoneyColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'bigint', transformer: bigintTransformer, default: 0, ...options });
}

/** Floor area in integer hundredths of a square metre (0.01 m²), as registered. */
export function AreaColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'bigint', transformer: bigintTransformer, ...options });
}
