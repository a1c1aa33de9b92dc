/**
 * The subject (foreground shape) motion of one frame pair, relative to the camera.
 *
 * 1. Warp the second frame by the pair's camera model (affine, motion-field.ts) onto the first;
 *    the compensated difference D = |b(p + model(p)) − a(p)| is ~0 on the background.
 * 2. Subject pixels: D > max(SUBJECT_DIFF_MIN, 4 × median D). None → the subject does not move
 *    relative to the camera in this pair (speed 0). More than SUBJECT_MAX_SHARE of the frame → the
 *    camera model does not explain the background (parallax, flash): not measurable.
 * 3. Template = the subject pixels dilated by one pixel, taken from the first frame. Integer SAD
 *    search of its displacement (±SUBJECT_SEARCH working px) in the compensated second frame,
 *    then a robust Lucas–Kanade refinement of translation AND scale about the template's
 *    centroid (so a shape growing or shrinking in place is seen as radial motion).
 * Works for flat-coloured shapes (their edges carry the signal) on textured or flat backgrounds.
 *
 * trackStaticSubject (below): for a static camera, the subject of every frame of a window against
 * the per-pixel median background — centroid and rms radius per frame.
 */

export const SUBJECT_DIFF_MIN = 8;
export const SUBJECT_MIN_PIXELS = 6;
export const SUBJECT_MAX_SHARE = 0.25;
export const SUBJECT_SEARCH = 10;
const BORDER = 2;
const TIE = 0.05;
/** A camera model moving no pixel by more than this (working px) is applied as the identity. */
const IDENTITY_PX = 0.02;
const L1_EPS = 2;
const LK_ITERATIONS = 6;

export interface SubjectMotion {
  /** False when the camera model leaves too much unexplained to isolate a subject. */
  measurable: boolean;
  /** Subject pixels found (0 = nothing moves relative to the camera). */
  pixels: number;
  /** Translation relative to the camera, working px / frame. */
  vx: number;
  vy: number;
  /** Relative scale change per frame about the subject's centroid. */
  scale: number;
  /** rms radius of the subject pixels about their centroid, working px. */
  radius: number;
  /** Centroid of the subject pixels, working px. */
  cx: number;
  cy: number;
}

export interface SubjectScratch {
  warped: Float32Array;
  inside: Uint8Array;
  mask: Uint8Array;
  diff: Float32Array;
  template: Int32Array;
  templateX: Int32Array;
  templateY: Int32Array;
  hist: Uint32Array;
}

export function subjectScratch(size: number): SubjectScratch {
  return {
    warped: new Float32Array(size), inside: new Uint8Array(size), mask: new Uint8Array(size), diff: new Float32Array(size),
    template: new Int32Array(size), templateX: new Int32Array(size), templateY: new Int32Array(size), hist: new Uint32Array(512),
  };
}

function bilinear(img: Float32Array, w: number, x: number, y: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y);
  const ax = x - x0, ay = y - y0;
  const p = y0 * w + x0;
  const top = img[p] + ax * (img[p + 1] - img[p]);
  const bottom = img[p + w] + ax * (img[p + w + 1] - img[p + w]);
  return top + ay * (bottom - top);
}

export const NO_SUBJECT: SubjectMotion = { measurable: true, pixels: 0, vx: 0, vy: 0, scale: 0, radius: 0, cx: 0, cy: 0 };

export function estimateSubject(a: Float32Array, b: Float32Array, w: number, h: number, m: ArrayLike<number>,
  s: SubjectScratch = subjectScratch(w * h), columns: [number, number] = [0, w]): SubjectMotion {
  const colFrom = Math.max(BORDER, columns[0]), colTo = Math.min(w - BORDER, columns[1]);
  const size = w * h;
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  const { warped, inside, mask, diff } = s;
  const hist = s.hist;
  hist.fill(0);
  let valid = 0;
  const identity = Math.abs(m[0]) + Math.abs(m[3]) + (Math.abs(m[1]) + Math.abs(m[2]) + Math.abs(m[4]) + Math.abs(m[5])) * Math.max(cx, cy) < IDENTITY_PX;
  for (let y = 0; y < h; y++) {
    const Y = y - cy;
    // Source coordinates advance linearly along a row.
    let sx = m[0] - m[1] * cx + m[2] * Y, sy = y + m[3] - m[4] * cx + m[5] * Y;
    const stepX = 1 + m[1], stepY = m[4];
    for (let x = 0; x < w; x++, sx += stepX, sy += stepY) {
      const p = y * w + x;
      let v: number;
      if (identity) v = b[p];
      else {
        if (sx < 0 || sy < 0 || sx >= w - 1 || sy >= h - 1) { inside[p] = 0; diff[p] = 0; continue; }
        const x0 = Math.floor(sx), y0 = Math.floor(sy);
        const ax = sx - x0, ay = sy - y0;
        const q = y0 * w + x0;
        const top = b[q] + ax * (b[q + 1] - b[q]);
        const bottom = b[q + w] + ax * (b[q + w + 1] - b[q + w]);
        v = top + ay * (bottom - top);
      }
      inside[p] = 1;
      warped[p] = v;
      const d = Math.abs(v - a[p]);
      diff[p] = d;
      hist[d < 511 ? d | 0 : 511]++;
      valid++;
    }
  }
  if (valid < size / 4) return { ...NO_SUBJECT, measurable: false };
  let acc = 0, med = 0;
  for (let i = 0; i < 512; i++) { acc += hist[i]; if (acc >= valid / 2) { med = i + 0.5; break; } }
  const tau = Math.max(SUBJECT_DIFF_MIN, 4 * med);
  let count = 0, sx = 0, sy = 0, x0 = w, x1 = 0, y0 = h, y1 = 0;
  mask.fill(0);
  for (let y = BORDER; y < h - BORDER; y++) {
    for (let x = colFrom; x < colTo; x++) {
      const p = y * w + x;
      if (inside[p] && diff[p] > tau) {
        mask[p] = 1; count++; sx += x; sy += y;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (count < SUBJECT_MIN_PIXELS) return NO_SUBJECT;
  if (count > SUBJECT_MAX_SHARE * valid * ((colTo - colFrom) / w)) return { ...NO_SUBJECT, measurable: false };
  const ox = sx / count, oy = sy / count;
  let r2 = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (mask[y * w + x] === 1) r2 += (x - ox) ** 2 + (y - oy) ** 2;
  const radius = Math.sqrt(r2 / count);
  // Template: subject pixels dilated by one (kept inside the image and the warp).
  const tpl = s.template, tx = s.templateX, ty = s.templateY;
  let nt = 0;
  for (let y = Math.max(1, y0 - 1); y <= Math.min(h - 2, y1 + 1); y++) {
    for (let x = Math.max(1, x0 - 1); x <= Math.min(w - 2, x1 + 1); x++) {
      const p = y * w + x;
      if (!inside[p]) continue;
      if (mask[p] || mask[p - 1] || mask[p + 1] || mask[p - w] || mask[p + w] || mask[p - w - 1] || mask[p - w + 1] || mask[p + w - 1] || mask[p + w + 1]) {
        tpl[nt] = p; tx[nt] = x; ty[nt] = y; nt++;
      }
    }
  }
  // Integer search: a step-2 grid over ±SUBJECT_SEARCH, then the 8 neighbours of its best.
  const R = SUBJECT_SEARCH;
  const cost = (vx: number, vy: number): number => {
    const off = vy * w + vx;
    let sum = 0, n = 0;
    for (let k = 0; k < nt; k++) {
      const x = tx[k] + vx, y = ty[k] + vy;
      if (x < 0 || y < 0 || x >= w || y >= h) continue;
      const p = tpl[k];
      if (!inside[p + off]) continue;
      sum += Math.abs(a[p] - warped[p + off]);
      n++;
    }
    return n < nt / 2 ? Infinity : sum / n + TIE * (Math.abs(vx) + Math.abs(vy));
  };
  let best = Infinity, bvx = 0, bvy = 0;
  for (let vy = -R; vy <= R; vy += 2) {
    for (let vx = -R; vx <= R; vx += 2) {
      const c = cost(vx, vy);
      if (c < best) { best = c; bvx = vx; bvy = vy; }
    }
  }
  const gx = bvx, gy = bvy;
  for (let vy = gy - 1; vy <= gy + 1; vy++) {
    for (let vx = gx - 1; vx <= gx + 1; vx++) {
      if ((vx === gx && vy === gy) || Math.abs(vx) > R || Math.abs(vy) > R) continue;
      const c = cost(vx, vy);
      if (c < best) { best = c; bvx = vx; bvy = vy; }
    }
  }
  // Robust Lucas–Kanade on (vx, vy, scale) with the template's gradients.
  let vx = bvx, vy = bvy, sc = 0;
  for (let it = 0; it < LK_ITERATIONS; it++) {
    const H = [0, 0, 0, 0, 0, 0]; // symmetric 3×3: 00 01 02 11 12 22
    const g = [0, 0, 0];
    for (let k = 0; k < nt; k++) {
      const p = tpl[k], x = tx[k], y = ty[k];
      const X = x - ox, Y = y - oy;
      const qx = x + vx + sc * X, qy = y + vy + sc * Y;
      if (qx < 0 || qy < 0 || qx >= w - 1 || qy >= h - 1) continue;
      const q0 = Math.floor(qy) * w + Math.floor(qx);
      if (!inside[q0] || !inside[q0 + 1] || !inside[q0 + w] || !inside[q0 + w + 1]) continue;
      const r = bilinear(warped, w, qx, qy) - a[p];
      const ix = 0.5 * (a[p + 1] - a[p - 1]), iy = 0.5 * (a[p + w] - a[p - w]);
      const js = ix * X + iy * Y;
      // Iteratively reweighted towards an L1 fit: the subject's edges (the majority of the
      // template's gradient) win and static background pixels inside the template do not drag
      // the estimate towards zero as a least-squares fit would.
      const wt = it === 0 ? 1 : 1 / (Math.abs(r) + L1_EPS);
      H[0] += wt * ix * ix; H[1] += wt * ix * iy; H[2] += wt * ix * js;
      H[3] += wt * iy * iy; H[4] += wt * iy * js; H[5] += wt * js * js;
      g[0] += wt * ix * r; g[1] += wt * iy * r; g[2] += wt * js * r;
    }
    const reg = 1e-3 * (H[0] + H[3]) + 1e-6;
    const M = [[H[0] + reg, H[1], H[2]], [H[1], H[3] + reg, H[4]], [H[2], H[4], H[5] + reg * radius * radius + 1e-6]];
    const d = solve3(M, [-g[0], -g[1], -g[2]]);
    if (!d) break;
    vx += Math.max(-1, Math.min(1, d[0]));
    vy += Math.max(-1, Math.min(1, d[1]));
    sc += Math.max(-0.2, Math.min(0.2, d[2]));
    if (it > 0 && Math.abs(d[0]) + Math.abs(d[1]) + Math.abs(d[2]) * radius < 0.005) break;
  }
  return { measurable: true, pixels: count, vx, vy, scale: sc, radius, cx: ox, cy: oy };
}

function solve3(m: number[][], r: number[]): number[] | null {
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

// ------------------------------------------------------------------ static-camera tracking

/** Frames sampled (evenly) for the per-pixel median background. */
export const BACKGROUND_SAMPLES = 15;
/** A pixel is subject when it differs from the background by more than max(this, 4 × the median difference). */
export const TRACK_DIFF_MIN = 10;
/** Cover of a frame's subject when refining the background: this many rms radii (+1.5 px) about its centroid (a solid disc: √2). */
export const TRACK_COVER = 2;
/**
 * Background refinement passes (0 = the plain median). The refinement (see trackStaticSubject)
 * recovers the exact path of a slow subject on synthetic frames, but the classifier thresholds in
 * visual-motion.ts were tuned on the plain-median track and it makes some bench windows too large
 * to track: off until retuned.
 */
export const TRACK_REFINE_PASSES = 0;

export interface SubjectTrack {
  /** Per frame: centroid (working px), rms radius (working px), subject pixels (0 = not seen). */
  cx: Float64Array;
  cy: Float64Array;
  radius: Float64Array;
  pixels: Int32Array;
}

/**
 * With a static camera the subject is whatever differs from the static background: the background
 * is the per-pixel median of (up to BACKGROUND_SAMPLES of) the window's frames, the subject of each
 * frame the pixels far from it; its centroid and rms radius (robust: pixels beyond 2.5 rms radii
 * of a first centroid are dropped) give position and size per frame. Null when a frame differs
 * from the background over more than SUBJECT_MAX_SHARE of the picture (not a static scene).
 */
export function trackStaticSubject(frames: Float32Array[], w: number, h: number, refine = TRACK_REFINE_PASSES): SubjectTrack | null {
  const n = frames.length;
  if (n < 3) return null;
  const size = w * h;
  const k = Math.min(n, BACKGROUND_SAMPLES);
  const idx = Array.from({ length: k }, (_, i) => Math.round((i * (n - 1)) / Math.max(1, k - 1)));
  const bg = new Float32Array(size);
  const buf = new Float32Array(n);
  const median = (p: number, use: (f: number) => boolean, list: number[]): boolean => {
    let c = 0;
    for (const f of list) {
      if (!use(f)) continue;
      const v = frames[f][p];
      let j = c - 1;
      while (j >= 0 && buf[j] > v) { buf[j + 1] = buf[j]; j--; }
      buf[j + 1] = v;
      c++;
    }
    if (c === 0) return false;
    bg[p] = c & 1 ? buf[c >> 1] : 0.5 * (buf[(c >> 1) - 1] + buf[c >> 1]);
    return true;
  };
  for (let p = 0; p < size; p++) median(p, () => true, idx);
  const track: SubjectTrack = { cx: new Float64Array(n), cy: new Float64Array(n), radius: new Float64Array(n), pixels: new Int32Array(n) };
  const hist = new Uint32Array(512);
  const xs = new Int32Array(size), ys = new Int32Array(size);
  const all = Array.from({ length: n }, (_, i) => i);
  // known[p] = 0: the pixel was covered by the subject in every frame (no background seen there;
  // it is subject throughout).
  const known = new Uint8Array(size).fill(1);
  // The subject's typical value (median over the previous pass's subject pixels) and tolerance.
  let colour = 0, colourTol = Infinity;
  const sample: number[] = [];
  for (let pass = 0; pass <= refine; pass++) {
    if (pass > 0) {
      if (sample.length < SUBJECT_MIN_PIXELS) break;
      // Each subject pixel of the previous pass holds the subject's value either in the frame
      // (where it arrives) or in the polluted background (where it left): the subject's (flat)
      // colour is the mode of both, unless that value is the picture's dominant background.
      const bins = new Float64Array(64), bgBins = new Float64Array(64);
      for (const v of sample) bins[Math.max(0, Math.min(63, v >> 3))]++;
      for (let p = 0; p < size; p += 3) bgBins[Math.max(0, Math.min(63, bg[p] >> 3))]++;
      let bestBin = -1, bestCount = 0;
      for (let b = 0; b < 64; b++) {
        const c = bins[b] + (b > 0 ? 0.5 * bins[b - 1] : 0) + (b < 63 ? 0.5 * bins[b + 1] : 0);
        if (bgBins[b] * 3 > 0.2 * size) continue;
        if (c > bestCount) { bestCount = c; bestBin = b; }
      }
      const total = sample.length;
      sample.length = 0;
      if (bestBin < 0 || bestCount < 0.2 * total) break;
      colour = bestBin * 8 + 4;
      colourTol = Math.max(TRACK_DIFF_MIN, 12);
      // Refine the background without the frames in which the subject covers the pixel (a slow
      // subject covers its central pixels in most frames and pollutes the plain median): the
      // subject of a frame is taken as the disc of TRACK_COVER rms radii about its centroid.
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const p = y * w + x;
          known[p] = median(p, (f) => {
            if (!(track.pixels[f] > 0)) return Math.abs(frames[f][p] - colour) > colourTol;
            const r = TRACK_COVER * track.radius[f] + 1.5;
            return (x - track.cx[f]) ** 2 + (y - track.cy[f]) ** 2 > r * r || Math.abs(frames[f][p] - colour) > colourTol;
          }, all) ? 1 : 0;
        }
      }
    }
    for (let f = 0; f < n; f++) {
      const a = frames[f];
      hist.fill(0);
      for (let p = 0; p < size; p++) { const d = Math.abs(a[p] - bg[p]); hist[d < 511 ? d | 0 : 511]++; }
      let acc = 0, med = 0;
      for (let i = 0; i < 512; i++) { acc += hist[i]; if (acc >= size / 2) { med = i + 0.5; break; } }
      const tau = Math.max(TRACK_DIFF_MIN, 4 * med);
      let c = 0, sx = 0, sy = 0;
      for (let y = BORDER; y < h - BORDER; y++) {
        for (let x = BORDER; x < w - BORDER; x++) {
          const p = y * w + x;
          if (!known[p] || Math.abs(a[p] - bg[p]) > tau) {
            xs[c] = x; ys[c] = y; c++; sx += x; sy += y;
            if (known[p] && (c & 1) === 0) sample.push(a[p], bg[p]);
          }
        }
      }
      if (c > SUBJECT_MAX_SHARE * size) return null;
      if (c < SUBJECT_MIN_PIXELS) { track.cx[f] = NaN; track.cy[f] = NaN; track.radius[f] = 0; track.pixels[f] = 0; continue; }
      let ox = sx / c, oy = sy / c, r2 = 0;
      for (let i = 0; i < c; i++) r2 += (xs[i] - ox) ** 2 + (ys[i] - oy) ** 2;
      const lim = 6.25 * (r2 / c) + 1;
      // Drop stray pixels (noise, codec ringing) far from the subject, then re-measure.
      let m = 0; sx = 0; sy = 0;
      for (let i = 0; i < c; i++) if ((xs[i] - ox) ** 2 + (ys[i] - oy) ** 2 <= lim) { sx += xs[i]; sy += ys[i]; m++; }
      if (m >= SUBJECT_MIN_PIXELS) { ox = sx / m; oy = sy / m; }
      r2 = 0; m = 0;
      for (let i = 0; i < c; i++) {
        const d2 = (xs[i] - ox) ** 2 + (ys[i] - oy) ** 2;
        if (d2 <= lim) { r2 += d2; m++; }
      }
      track.cx[f] = ox; track.cy[f] = oy; track.radius[f] = Math.sqrt(r2 / Math.max(1, m)); track.pixels[f] = m;
    }
  }
  return track;
}
