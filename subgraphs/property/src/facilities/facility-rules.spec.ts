import { EARLIEST_ELEVATOR_YEAR, facilityProblems, MAX_ROOM_CENTI_M2, spaceCounts } from './facility-rules';

describe('parking area input', () => {
  const ok = { name: '地面停车区', entrances: [{ name: '1号口', gateCode: 'G-1' }, { name: '2号口', gateCode: null }], spaces: [{ number: 'A1', kind: 'OWNER' as const }, { number: 'A2', kind: 'VISITOR' as const }] };
  it('accepts an area with a gateless entrance and no spaces yet', () => {
    expect(facilityProblems.parkingArea(ok)).toEqual([]);
    expect(facilityProblems.parkingArea({ ...ok, spaces: [] })).toEqual([]);
  });
  it('refuses a space number twice, even with spaces around it', () => {
    expect(facilityProblems.parkingArea({ ...ok, spaces: [...ok.spaces, { number: ' A1 ', kind: 'SHOP' }] })).toEqual(['space number A1 appears twice']);
  });
  it('refuses two entrances with one gate code and an area without entrances', () => {
    expect(facilityProblems.parkingArea({ ...ok, entrances: [ok.entrances[0], { name: '3号口', gateCode: 'G-1' }] })).toEqual(['two entrances have the same gateCode']);
    expect(facilityProblems.parkingArea({ ...ok, entrances: [] })).toEqual(['a parking area needs at least one entrance']);
  });
  it('refuses a space number with spaces or other characters', () => {
    expect(facilityProblems.parkingArea({ ...ok, spaces: [{ number: 'A 1', kind: 'OWNER' }] })[0]).toContain('may use');
  });
});

describe('elevator, lane and room input', () => {
  it('accepts the earliest year and this year, not one beyond either', () => {
    expect(facilityProblems.elevator({ building: '1幢', installedYear: EARLIEST_ELEVATOR_YEAR }, 2026)).toEqual([]);
    expect(facilityProblems.elevator({ building: '1幢', installedYear: 2026 }, 2026)).toEqual([]);
    expect(facilityProblems.elevator({ building: '1幢', installedYear: EARLIEST_ELEVATOR_YEAR - 1 }, 2026)).toHaveLength(1);
    expect(facilityProblems.elevator({ building: '1幢', installedYear: 2027 }, 2026)).toHaveLength(1);
  });
  it('takes room areas in whole 0.01 m², from 1 to the cap', () => {
    expect(facilityProblems.activityRoom({ name: '议事室', areaCentiM2: 16_000 })).toEqual([]);
    expect(facilityProblems.activityRoom({ name: '议事室', areaCentiM2: MAX_ROOM_CENTI_M2 })).toEqual([]);
    expect(facilityProblems.activityRoom({ name: '议事室', areaCentiM2: MAX_ROOM_CENTI_M2 + 1 })).toHaveLength(1);
    expect(facilityProblems.activityRoom({ name: '议事室', areaCentiM2: 160.5 })).toHaveLength(1);
    expect(facilityProblems.activityRoom({ name: '议事室', areaCentiM2: 0 })).toHaveLength(1);
  });
  it('takes fire lanes of 1 m or more', () => {
    expect(facilityProblems.fireLane({ name: '东侧', lengthM: 1 })).toEqual([]);
    expect(facilityProblems.fireLane({ name: '东侧', lengthM: 0 })).toHaveLength(1);
  });
});

it('counts spaces by kind', () => {
  expect(spaceCounts([{ kind: 'OWNER' }, { kind: 'OWNER' }, { kind: 'SHOP' }])).toEqual({ owner: 2, visitor: 0, shop: 1, total: 3 });
});
