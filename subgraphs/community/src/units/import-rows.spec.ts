import { idNumberChecksumOk, MAX_UNIT_AREA_CENTI_M2, ownerKey, validateImportRows, type UnitImportRow } from './import-rows';

const row = (over: Partial<UnitImportRow> = {}): UnitImportRow => ({
  building: '1幢',
  number: '101',
  use: 'RESIDENTIAL',
  areaCentiM2: 8850,
  ownerName: '王建国',
  ...over,
});

describe('validateImportRows', () => {
  it('accepts good rows', () => {
    expect(validateImportRows([row(), row({ number: '102' })])).toEqual([]);
  });

  it('refuses an empty import', () => {
    expect(validateImportRows([])).toEqual([{ row: 0, field: 'rows', message: 'The import has no rows' }]);
  });

  it('takes areas from 1 to the maximum, whole numbers only', () => {
    expect(validateImportRows([row({ areaCentiM2: 1 }), row({ number: '2', areaCentiM2: MAX_UNIT_AREA_CENTI_M2 })])).toEqual([]);
    const errors = validateImportRows([
      row({ areaCentiM2: 0 }),
      row({ number: '2', areaCentiM2: MAX_UNIT_AREA_CENTI_M2 + 1 }),
      row({ number: '3', areaCentiM2: 88.5 }),
      row({ number: '4', areaCentiM2: -1 }),
    ]);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'areaCentiM2'],
      [2, 'areaCentiM2'],
      [3, 'areaCentiM2'],
      [4, 'areaCentiM2'],
    ]);
  });

  it('numbers rows from 1 and reports a duplicate unit at its second row', () => {
    const errors = validateImportRows([row(), row({ number: '102' }), row({ number: ' 101 ' })]);
    expect(errors).toEqual([{ row: 3, field: 'number', message: 'Unit 1幢 101 is already on row 1' }]);
  });

  it('reports every bad field of every row', () => {
    const errors = validateImportRows([
      row({ building: ' ', ownerName: '' }),
      row({ number: '2', use: 'GARAGE' as never, ownerPhone: '12345', ownerIdNumber: '330203196001011234' }),
    ]);
    expect(errors.map((e) => `${e.row}:${e.field}`)).toEqual(['1:building', '1:ownerName', '2:use', '2:ownerPhone', '2:ownerIdNumber']);
  });
});

describe('an ID number under two names', () => {
  const id = '11010519491231002X';
  it('is one owner of several rows when the name is the same (spaces aside)', () => {
    expect(validateImportRows([row({ ownerIdNumber: id }), row({ number: '102', ownerName: ' 王建国 ', ownerIdNumber: id })])).toEqual([]);
  });

  it('is refused at the row that names another person', () => {
    const errors = validateImportRows([row({ ownerIdNumber: id }), row({ number: '102' }), row({ number: '103', ownerName: '王建华', ownerIdNumber: id })]);
    expect(errors).toEqual([{ row: 3, field: 'ownerIdNumber', message: 'The same ID number is on row 1 under another owner name; one ID number is one person' }]);
  });

  it('does not join a developer or an institution by ID number', () => {
    expect(validateImportRows([row({ ownerIdNumber: id }), row({ number: '102', ownerKind: 'DEVELOPER', ownerName: '置业公司', ownerIdNumber: id })])).toEqual([]);
  });
});

describe('idNumberChecksumOk', () => {
  it('checks the GB 11643 check character', () => {
    // 11010519491231002X is the standard's worked example.
    expect(idNumberChecksumOk('11010519491231002X')).toBe(true);
    expect(idNumberChecksumOk('110105194912310021')).toBe(false);
    expect(idNumberChecksumOk('11010519491231002x')).toBe(false);
    expect(idNumberChecksumOk('1101051949123100')).toBe(false);
  });
});

describe('ownerKey', () => {
  it('joins rows of one owner: by ID number, else phone and name, else kind and name', () => {
    expect(ownerKey(row({ ownerIdNumber: '11010519491231002X', ownerPhone: '13800000000' }))).toBe('id:11010519491231002X');
    expect(ownerKey(row({ ownerPhone: '13800000000' }))).toBe('phone:13800000000:王建国');
    expect(ownerKey(row({ ownerKind: 'DEVELOPER', ownerName: ' 置业公司 ', ownerIdNumber: '11010519491231002X' }))).toBe('name:DEVELOPER:置业公司');
    expect(ownerKey(row())).toBe('name:INDIVIDUAL:王建国');
  });
});
