/**
 * Gate events name the barrier gate (道闸) that saw the vehicle. A gate system may only report the
 * gates recorded under the compound's facilities (the `gateCode` of a parking entrance): an event
 * from any other gate is a wiring or configuration mistake, and pricing it would put stays on the
 * wrong compound's books.
 */

const LISTED = 10;

/**
 * The message refusing a batch whose events name gates the compound does not have, or null when
 * every gate is known. Names the rows (their index in the batch) and the known gates.
 */
export function unknownGateProblem(events: ReadonlyArray<{ index: number; gate: string }>, knownGates: readonly string[]): string | null {
  const known = new Set(knownGates);
  const bad = events.filter((e) => !known.has(e.gate)).sort((a, b) => a.index - b.index);
  if (bad.length === 0) return null;
  const rows = bad.slice(0, LISTED).map((e) => `events[${e.index}].gate "${e.gate}"`);
  const more = bad.length > LISTED ? ` and ${bad.length - LISTED} more` : '';
  const gates = [...known].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return (
    `${rows.join(', ')}${more} ${bad.length === 1 ? 'is not a gate' : 'are not gates'} of this compound; ` +
    (gates.length
      ? `its entrance gates are ${gates.join(', ')}`
      : 'it has no entrance gates recorded under facilities: add its parking areas with their gate codes first')
  );
}
