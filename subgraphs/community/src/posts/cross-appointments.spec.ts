import { crossAppointments, isCurrent } from './cross-appointments';

const post = (personId: string, kind: any, over: Record<string, unknown> = {}) => ({
  id: `${personId}-${kind}`,
  personId,
  organisationId: kind ? 'o' : null,
  firmId: kind ? null : 'f',
  role: '委员',
  memberType: null,
  startsOn: '2026-01-01',
  endsOn: null,
  organisationKind: kind,
  ...over,
});

describe('isCurrent', () => {
  it('counts the start day and not the end day', () => {
    expect(isCurrent({ startsOn: '2026-03-01', endsOn: null }, '2026-03-01')).toBe(true);
    expect(isCurrent({ startsOn: '2026-03-02', endsOn: null }, '2026-03-01')).toBe(false);
    expect(isCurrent({ startsOn: '2026-01-01', endsOn: '2026-03-01' }, '2026-02-28')).toBe(true);
    expect(isCurrent({ startsOn: '2026-01-01', endsOn: '2026-03-01' }, '2026-03-01')).toBe(false);
  });
});

describe('crossAppointments', () => {
  const today = '2026-11-26';
  it('needs current posts in two distinct bodies', () => {
    const result = crossAppointments(
      [
        post('b', 'PARTY_ORGANISATION'),
        post('b', 'OWNERS_COMMITTEE'),
        post('a', 'RESIDENTS_COMMITTEE'),
        post('a', null),
        post('c', 'OWNERS_COMMITTEE'),
        post('c', 'OWNERS_COMMITTEE', { id: 'c2' }),
        post('d', 'PARTY_ORGANISATION'),
        post('d', 'STEWARD_GROUP'),
        post('e', 'PARTY_ORGANISATION'),
        post('e', 'RESIDENTS_COMMITTEE', { endsOn: today }),
      ],
      today,
    );
    expect(result.map((r) => [r.personId, r.bodies])).toEqual([
      ['a', ['RESIDENTS_COMMITTEE', 'PROPERTY_FIRM']],
      ['b', ['PARTY_ORGANISATION', 'OWNERS_COMMITTEE']],
    ]);
    expect(result[0].posts).toHaveLength(2);
    expect(result[0].posts[0]).not.toHaveProperty('organisationKind');
  });
});
