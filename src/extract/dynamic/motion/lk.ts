/**
 * The robust Lucas–Kanade pieces shared by the pair's subject (subject.ts) and the static-camera
 * track's registration (refine.ts): bilinear sampling and the 3×3 solve of the normal equations on
 * translation and scale.
 */

/** Iteratively reweighted towards an L1 fit: a residual r weighs 1 / (|r| + L1_EPS). */
export const L1_EPS = 2;
export const LK_ITERATIONS = 6;

export function bilinear(img: Float32Array, w: number, x: number, y: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y);
  const ax = x - x0, ay = y - y0;
  const p = y0 * w + x0;
  const top = img[p] + ax * (img[p + 1] - img[p]);
  const bottom = img[p + w] + ax * (img[p + w + 1] - img[p + w]);
  return top + ay * (bottom - top);
}

export function solve3(m: number[][], r: number[]): number[] | null {
  const det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null;
  const inv = (a: number[][]): number[][] => [
    [a[1][1] * a[2][2] - a[1][2] * a[2][1], a[0][2] * a[2][1] - a[0][1] * a[2][2], a[0][1] * a[1][2] - a[0][2] * a[1][1]],
    [a[1][2] * a[2][0] - a[1][0] * a[2][2], a[0][0] * a[2][2] - a[0][2] * a[2][0], a[0][2] * a[1][0] - a[0][0] * a[1][2]],
    [a[1][0] * a[2][1] - a[1][1] * a[2][0], a[0][1] * a[2][0] - a[0][0] * a[2][1], a[0][0] * a[1][1] - a[0][1] * a[1][0]],
  ];
  const i = inv(m);
  return [0, 1, 2].map((k) => (i[k][0] * r[0] + i[k][1] * r[1] + i[k][2] * r[2]) / det);
}
