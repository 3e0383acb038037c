/**
 * A resident request can be dispatched more than once (after the reporter rejects a fix, or after
 * the firm cancels the order it was given). Each dispatch is one round (派单轮次) and makes its own
 * order, whose source reference is the request id for round 1 and `<requestId>#<round>` after that.
 */

/** The source reference of the order for one dispatch round of a request. */
export const requestSourceRef = (requestId: string, round: number | null | undefined): string =>
  (round ?? 1) > 1 ? `${requestId}#${round}` : requestId;

/**
 * The dispatch round an order's source reference names: the number after the last `#`, 1 when
 * there is none (or it is not a whole number above 1, which no dispatch produces).
 */
export function requestRoundOf(sourceRef: string): number {
  const hash = sourceRef.lastIndexOf('#');
  if (hash < 0) return 1;
  const tail = sourceRef.slice(hash + 1);
  if (!/^[1-9][0-9]{0,8}$/.test(tail)) return 1;
  return Number(tail);
}
