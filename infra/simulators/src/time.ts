const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-11-03T14:05:00+08:00": an instant written in Beijing time with its offset (vendor A). */
export function beijingWithOffset(iso: string): string {
  return `${beijingWall(iso).replace(' ', 'T')}+08:00`;
}

/** "2026-11-03 14:05:00": Beijing wall-clock time without a zone (vendor B). */
export function beijingWall(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Unix epoch seconds (the utility feed). */
export const epochSeconds = (iso: string): number => Math.floor(new Date(iso).getTime() / 1000);

/** 1250 fen → "12.50"; whole yuan are written without decimals ("300"), as vendor A does. */
export function yuan(fen: number): string {
  const whole = Math.trunc(fen / 100);
  return fen % 100 === 0 ? String(whole) : `${whole}.${pad(fen % 100)}`;
}
