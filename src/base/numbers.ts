/** `v` held within [lo, hi]. */
export const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/** `x` rounded to `digits` decimals, as reported figures are. */
export const roundTo = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The middle value (the mean of the two middle ones for an even count), non-finite values left out; NaN when none is left. */
export function median(values: ArrayLike<number>): number {
  const a = Array.from(values).filter(Number.isFinite).sort((x, y) => x - y);
  if (a.length === 0) return NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}
