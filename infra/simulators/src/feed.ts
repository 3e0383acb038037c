import { Random } from './random';
import type { Expected, ExpectedRecord, Knobs, MalformedRecord } from './types';

/** One item of a served sequence: the vendor's raw record and what the hub should make of it. */
export interface FeedItem {
  raw: unknown;
  externalId: string;
  /** Null for a malformed item, which must be quarantined instead. */
  expected: ExpectedRecord | null;
  malformed?: Omit<MalformedRecord, 'position' | 'externalId'>;
  /** Position of the earlier item this one repeats. */
  duplicateOf?: number;
}

/** A generated record before the vendor writes it: the hub record, the vendor encoding, and a way to break it. */
export interface Generated {
  record: ExpectedRecord;
  raw: unknown;
  /** The record written with a known schema defect. */
  broken(): { raw: unknown; defect: string; reason: string };
}

/**
 * The sequence a simulated vendor serves, positions 0, 1, 2…: generated records, some broken on
 * purpose (malformedRate) and some served again a few positions later (duplicateRate). Every
 * decision comes from the seeded generator, so the same seed and knobs give the same sequence.
 */
export class Feed {
  readonly items: FeedItem[] = [];
  private readonly pending: Array<{ due: number; position: number }> = [];
  private readonly random: Random;

  constructor(
    seed: number | string,
    private readonly knobs: () => Knobs,
  ) {
    this.random = new Random(`${seed}:defects`);
  }

  push(generated: Generated): void {
    const { duplicateRate, malformedRate } = this.knobs();
    const position = this.items.length;
    if (this.random.chance(malformedRate)) {
      const broken = generated.broken();
      this.items.push({ raw: broken.raw, externalId: generated.record.externalId, expected: null, malformed: { defect: broken.defect, reason: broken.reason, intended: generated.record } });
    } else {
      this.items.push({ raw: generated.raw, externalId: generated.record.externalId, expected: generated.record });
      if (this.random.chance(duplicateRate)) this.pending.push({ due: position + this.random.int(1, 60), position });
    }
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i].due > this.items.length) continue;
      const original = this.items[this.pending[i].position];
      this.items.push({ ...original, duplicateOf: this.pending[i].position });
      this.pending.splice(i, 1);
    }
  }

  expected(): Expected {
    const records: ExpectedRecord[] = [];
    const latest = new Map<string, ExpectedRecord>();
    const malformed: MalformedRecord[] = [];
    const duplicates: Expected['duplicates'] = [];
    this.items.forEach((item, position) => {
      if (item.duplicateOf !== undefined) duplicates.push({ position, externalId: item.externalId });
      else if (item.malformed) malformed.push({ position, externalId: item.externalId, ...item.malformed });
      else if (item.expected) {
        records.push(item.expected);
        latest.set(`${item.expected.kind}:${item.externalId}`, item.expected);
      }
    });
    return { records, latest: [...latest.values()], malformed, duplicates, served: this.items.length };
  }

  raw(from: number, to: number): unknown[] {
    return this.items.slice(Math.max(0, from), Math.max(0, to)).map((i) => i.raw);
  }
}
