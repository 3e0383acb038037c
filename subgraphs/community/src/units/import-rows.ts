import type { UnitUse } from './unit.entity';
import { UNIT_USES } from './unit.entity';
import type { PersonKind } from '../people/person.entity';
import { PERSON_KINDS } from '../people/person.entity';

export interface UnitImportRow {
  building: string;
  number: string;
  use: UnitUse;
  areaCentiM2: number;
  ownerName: string;
  ownerKind?: PersonKind | null;
  ownerPhone?: string | null;
  ownerIdNumber?: string | null;
}

export interface RowError {
  /** 1-based, in the order the rows were given. */
  row: number;
  field: string;
  message: string;
}

/** Largest registered area of one unit we accept: 100,000 m², far beyond any flat or shop. */
export const MAX_UNIT_AREA_CENTI_M2 = 10_000_000;
export const MAX_IMPORT_ROWS = 20_000;

const PHONE = /^1\d{10}$/;
/** 17 digits and a check character (0–9 or X), GB 11643. */
const ID_NUMBER = /^\d{17}[\dX]$/;

/** GB 11643 check character of an 18-character identity card number. */
export function idNumberChecksumOk(id: string): boolean {
  if (!ID_NUMBER.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

/** The key that makes several rows (and earlier imports) one owner. */
export function ownerKey(row: UnitImportRow): string {
  const kind = row.ownerKind ?? 'INDIVIDUAL';
  if (kind === 'INDIVIDUAL' && row.ownerIdNumber) return `id:${row.ownerIdNumber}`;
  if (kind === 'INDIVIDUAL' && row.ownerPhone) return `phone:${row.ownerPhone}:${row.ownerName.trim()}`;
  return `name:${kind}:${row.ownerName.trim()}`;
}

/**
 * Every problem of every row, so that one corrected file fixes them all. A building and number
 * given twice, or an individual's ID number given again under another name, is reported at its
 * second row.
 */
export function validateImportRows(rows: UnitImportRow[]): RowError[] {
  const errors: RowError[] = [];
  if (rows.length === 0) errors.push({ row: 0, field: 'rows', message: 'The import has no rows' });
  if (rows.length > MAX_IMPORT_ROWS) errors.push({ row: 0, field: 'rows', message: `At most ${MAX_IMPORT_ROWS} rows per import; split the file by building` });
  const seen = new Map<string, number>();
  // One ID number is one person: the same number under two names is a typing error in the file.
  const holders = new Map<string, { row: number; name: string }>();
  rows.forEach((r, i) => {
    const row = i + 1;
    const err = (field: string, message: string) => errors.push({ row, field, message });
    const building = r.building.trim();
    const number = r.number.trim();
    if (!building || building.length > 50) err('building', 'Building name must be 1 to 50 characters');
    if (!number || number.length > 20) err('number', 'Unit number must be 1 to 20 characters');
    if (!UNIT_USES.includes(r.use)) err('use', `Use must be one of ${UNIT_USES.join(', ')}`);
    if (!Number.isInteger(r.areaCentiM2) || r.areaCentiM2 <= 0 || r.areaCentiM2 > MAX_UNIT_AREA_CENTI_M2) {
      err('areaCentiM2', `Area must be a whole number of 0.01 m² from 1 to ${MAX_UNIT_AREA_CENTI_M2}, got ${r.areaCentiM2}`);
    }
    const name = r.ownerName.trim();
    if (!name || name.length > 100) err('ownerName', 'Owner name must be 1 to 100 characters');
    const kind = r.ownerKind ?? 'INDIVIDUAL';
    if (!PERSON_KINDS.includes(kind)) err('ownerKind', `Owner kind must be one of ${PERSON_KINDS.join(', ')}`);
    if (r.ownerPhone != null && !PHONE.test(r.ownerPhone)) err('ownerPhone', 'Phone must be an 11-digit mobile number starting with 1');
    if (r.ownerIdNumber != null && !idNumberChecksumOk(r.ownerIdNumber)) err('ownerIdNumber', 'ID number must be 18 characters with a valid check character (GB 11643)');
    else if (r.ownerIdNumber != null && kind === 'INDIVIDUAL' && name) {
      const holder = holders.get(r.ownerIdNumber);
      if (!holder) holders.set(r.ownerIdNumber, { row, name });
      else if (holder.name !== name) err('ownerIdNumber', `The same ID number is on row ${holder.row} under another owner name; one ID number is one person`);
    }
    if (building && number) {
      const key = `${building}\u0000${number}`;
      const first = seen.get(key);
      if (first !== undefined) err('number', `Unit ${building} ${number} is already on row ${first}`);
      else seen.set(key, row);
    }
  });
  return errors;
}
