import t from 'tap';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { mulberry32Uint as mulberry32 } from '../../../src/base/random.js';
import { byteOpacity, opacityStep } from '../../../src/model/color.js';
import {
  FrameHistogram,
  HISTOGRAM_CELLS,
  decodeCellIndex,
  histogramImplementation,
  nativeHistogramStatus,
  pixelCellIndex,
  setHistogramImplementation,
} from '../../../src/extract/color/histogram.js';

const MODULE_JS = fileURLToPath(new URL('../../../src/extract/color/histogram.js', import.meta.url));

// --- frames ---------------------------------------------------------------------------------


function solid(w: number, h: number, rgba: [number, number, number, number]): Uint8Array {
  const f = new Uint8Array(w * h * 4);
  for (let i = 0; i < f.length; i += 4) f.set(rgba, i);
  return f;
}

function randomFrame(w: number, h: number, seed: number): Uint8Array {
  const next = mulberry32(seed);
  const f = new Uint8Array(w * h * 4);
  for (let i = 0; i < f.length; i += 4) {
    const v = next();
    f[i] = v & 255;
    f[i + 1] = (v >>> 8) & 255;
    f[i + 2] = (v >>> 16) & 255;
    f[i + 3] = (v >>> 24) & 255;
  }
  return f;
}

/** r = x, g = y, b = x ^ y, a = (x + y) & 255 over 256 × 256. */
function gradient(): Uint8Array {
  const f = new Uint8Array(256 * 256 * 4);
  for (let y = 0; y < 256; y++) {
    for (let x = 0; x < 256; x++) {
      const i = (y * 256 + x) * 4;
      f[i] = x;
      f[i + 1] = y;
      f[i + 2] = x ^ y;
      f[i + 3] = (x + y) & 255;
    }
  }
  return f;
}

/** Every combination of the boundary channel values with the boundary alphas. */
function boundaries(): Uint8Array {
  const channel = [0, 24, 25, 26, 124, 125, 249, 250, 254, 255];
  const alpha = [0, 1, 6, 7, 12, 13, 127, 128, 242, 243, 254, 255];
  const px: number[] = [];
  for (const r of channel) for (const g of channel) for (const b of channel) for (const a of alpha) px.push(r, g, b, a);
  return Uint8Array.from(px);
}

function everyAlpha(): Uint8Array {
  const f = new Uint8Array(256 * 4);
  for (let a = 0; a < 256; a++) f.set([a, 255 - a, a >> 1, a], a * 4);
  return f;
}

/** Runs of one color, 1 to 9 pixels long: groups of four pixels that share a cell, and groups that do not. */
function runs(): Uint8Array {
  const px: number[] = [];
  for (let run = 0; px.length < 4 * 1001; run++) {
    const color = [(run * 37) % 256, (run * 91) % 256, (run * 13) % 256, (run * 59) % 256];
    for (let k = 0; k < 1 + (run % 9); k++) px.push(...color);
  }
  return Uint8Array.from(px.slice(0, 4 * 1001));
}

const frames: Array<[string, Uint8Array]> = [
  ['runs of 1 to 9 pixels', runs()],
  ['solid opaque', solid(64, 48, [124, 124, 160, 255])],
  ['solid transparent black', solid(33, 17, [0, 0, 0, 0])],
  ['solid white alpha 128', solid(40, 40, [255, 255, 255, 128])],
  ['solid alpha 127', solid(16, 16, [250, 249, 25, 127])],
  ['random 64x64', randomFrame(64, 64, 1)],
  ['random 256x256', randomFrame(256, 256, 42)],
  ['random 7x3 (odd size)', randomFrame(7, 3, 7)],
  ['gradient 256x256', gradient()],
  ['boundaries', boundaries()],
  ['every alpha', everyAlpha()],
  ['empty', new Uint8Array(0)],
];

// --- an independent, naive reference ---------------------------------------------------------

interface Snapshot {
  counts: Map<number, number>;
  sums: Map<number, [number, number, number, number]>;
  order: number[];
  totals: [number, number, number, number];
  pixels: number;
}

function reference(...input: Uint8Array[]): Snapshot {
  const counts = new Map<number, number>();
  const sums = new Map<number, [number, number, number, number]>();
  const order: number[] = [];
  const totals: [number, number, number, number] = [0, 0, 0, 0];
  let pixels = 0;
  for (const f of input) {
    for (let i = 0; i < f.length; i += 4) {
      const [r, g, b, a] = [f[i], f[i + 1], f[i + 2], f[i + 3]];
      const level = (c: number) => Math.min(10, Math.floor(c / 25));
      const step = Math.round((a * 20) / 255);
      const index = ((level(r) * 11 + level(g)) * 11 + level(b)) * 21 + step;
      if (!counts.has(index)) {
        order.push(index);
        sums.set(index, [0, 0, 0, 0]);
      }
      counts.set(index, (counts.get(index) ?? 0) + 1);
      const s = sums.get(index)!;
      s[0] += r;
      s[1] += g;
      s[2] += b;
      s[3] += a;
      totals[0] += r;
      totals[1] += g;
      totals[2] += b;
      totals[3] += a;
      pixels++;
    }
  }
  return { counts, sums, order, totals, pixels };
}

function snapshot(h: FrameHistogram): Snapshot {
  const counts = new Map<number, number>();
  const sums = new Map<number, [number, number, number, number]>();
  const order: number[] = [];
  for (const c of h.cells()) {
    order.push(c.index);
    counts.set(c.index, c.count);
    sums.set(c.index, [c.r, c.g, c.b, c.a]);
  }
  return { counts, sums, order, totals: h.totals, pixels: h.pixels };
}

function bytesEqual(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0;
}

function allZero(h: FrameHistogram): boolean {
  return h.counts.every((v) => v === 0) && h.sums.every((v) => v === 0);
}

// --- tests ------------------------------------------------------------------------------------

const status = nativeHistogramStatus();

t.test('the native addon is built and loads', async (t) => {
  t.ok(status.available, `native addon loaded${status.reason ? ` (${status.reason})` : ''}`);
});

t.test('quantization formulas', async (t) => {
  const alphaStep = (a: number) => opacityStep(byteOpacity(a));
  for (let a = 0; a < 256; a++) {
    // The native kernel's integer form of the same rounding.
    if (alphaStep(a) !== Math.floor((a * 40 + 255) / 510)) t.fail(`opacity step of ${a}`);
    if (decodeCellIndex(pixelCellIndex(0, 0, 0, a)).step !== alphaStep(a)) t.fail(`cell step of ${a}`);
  }
  t.equal(alphaStep(0), 0);
  t.equal(alphaStep(6), 0);
  t.equal(alphaStep(7), 1);
  t.equal(alphaStep(127), 10);
  t.equal(alphaStep(128), 10);
  t.equal(alphaStep(255), 20);
  t.same(decodeCellIndex(pixelCellIndex(124, 124, 160, 255)), { rLevel: 4, gLevel: 4, bLevel: 6, step: 20 });
  t.equal(pixelCellIndex(124, 124, 160, 255), ((4 * 11 + 4) * 11 + 6) * 21 + 20);
  t.same(decodeCellIndex(pixelCellIndex(249, 250, 255, 0)), { rLevel: 9, gLevel: 10, bLevel: 10, step: 0 });
  t.same(decodeCellIndex(pixelCellIndex(24, 25, 0, 128)), { rLevel: 0, gLevel: 1, bLevel: 0, step: 10 });
  t.equal(pixelCellIndex(0, 0, 0, 0), 0);
  t.equal(pixelCellIndex(255, 255, 255, 255), HISTOGRAM_CELLS - 1);
  let ok = true;
  for (let i = 0; i < HISTOGRAM_CELLS; i++) {
    const d = decodeCellIndex(i);
    if (((d.rLevel * 11 + d.gLevel) * 11 + d.bLevel) * 21 + d.step !== i) ok = false;
  }
  t.ok(ok, 'decodeCellIndex inverts the index over all 27,951 cells');
  t.throws(() => decodeCellIndex(HISTOGRAM_CELLS), RangeError);
  t.throws(() => decodeCellIndex(-1), RangeError);
  t.throws(() => decodeCellIndex(1.5), RangeError);
});

t.test('known pixels land in the expected cells', async (t) => {
  const h = new FrameHistogram({ implementation: 'js' });
  h.add(Uint8Array.from([124, 124, 160, 255, 124, 124, 160, 255, 250, 0, 24, 127]));
  const cells = [...h.cells()];
  t.same(cells, [
    { index: 11234, count: 2, r: 248, g: 248, b: 320, a: 510 },
    { index: pixelCellIndex(250, 0, 24, 127), count: 1, r: 250, g: 0, b: 24, a: 127 },
  ]);
  t.same(decodeCellIndex(cells[1].index), { rLevel: 10, gLevel: 0, bLevel: 0, step: 10 });
  t.same(h.totals, [498, 248, 344, 637]);
  t.equal(h.pixels, 3);
  t.equal(h.size, 2);
});

t.test('JS and native agree with each other and with the reference', async (t) => {
  if (!status.available) return t.fail('native addon missing');
  for (const [name, frame] of frames) {
    const js = new FrameHistogram({ implementation: 'js' });
    const nat = new FrameHistogram({ implementation: 'native' });
    js.add(frame);
    nat.add(frame);
    t.ok(bytesEqual(js.counts, nat.counts), `${name}: counts`);
    t.ok(bytesEqual(js.sums, nat.sums), `${name}: sums`);
    t.same([...nat.touchedIndices()], [...js.touchedIndices()], `${name}: touched, same order`);
    t.same(nat.totals, js.totals, `${name}: totals`);
    t.equal(nat.pixels, frame.length / 4, `${name}: pixels`);
    t.same(snapshot(js), reference(frame), `${name}: JS matches the reference`);
  }
});

t.test('accumulating several frames, and frame views', async (t) => {
  if (!status.available) return t.fail('native addon missing');
  const a = randomFrame(50, 50, 3);
  const b = gradient();
  const expected = reference(a, b);
  for (const impl of ['js', 'native'] as const) {
    const h = new FrameHistogram({ implementation: impl });
    h.add(a);
    h.add(b);
    t.same(snapshot(h), expected, `${impl}: two frames accumulate`);
  }
  // A frame that is a view into a larger buffer, a Buffer, shared memory and a clamped array.
  const big = randomFrame(40, 40, 9);
  const view = big.subarray(4 * 37, 4 * 937);
  const shared = new Uint8Array(new SharedArrayBuffer(big.length));
  shared.set(big);
  const variants: Array<[string, Uint8Array | Uint8ClampedArray, Uint8Array]> = [
    ['subarray', view, view],
    ['Buffer', Buffer.from(big), big],
    ['SharedArrayBuffer', shared, big],
    ['Uint8ClampedArray', new Uint8ClampedArray(big), big],
  ];
  for (const [name, frame, plain] of variants) {
    for (const impl of ['js', 'native'] as const) {
      const h = new FrameHistogram({ implementation: impl });
      h.add(frame);
      t.same(snapshot(h), reference(plain), `${impl}: ${name}`);
    }
  }
});

t.test('reset zeroes only touched cells; a frame after reset equals a fresh histogram', async (t) => {
  if (!status.available) return t.fail('native addon missing');
  for (const impl of ['js', 'native'] as const) {
    const h = new FrameHistogram({ implementation: impl });
    h.add(randomFrame(64, 64, 11));
    const untouched = pixelCellIndex(124, 124, 160, 0);
    t.equal(h.counts[untouched], 0, 'the sentinel cell is untouched');
    // Plant a sentinel outside the touched set: reset must not visit it.
    h.sums[untouched * 4] = 12345;
    h.reset();
    t.equal(h.sums[untouched * 4], 12345, `${impl}: reset left an untouched cell alone`);
    h.sums[untouched * 4] = 0;
    t.ok(allZero(h), `${impl}: all cells zero after reset`);
    t.same(h.totals, [0, 0, 0, 0]);
    t.equal(h.pixels, 0);
    t.equal(h.size, 0);
    t.same([...h.cells()], []);

    const second = gradient();
    h.add(second);
    const fresh = new FrameHistogram({ implementation: impl });
    fresh.add(second);
    t.ok(bytesEqual(h.counts, fresh.counts), `${impl}: counts after reset equal a fresh histogram`);
    t.ok(bytesEqual(h.sums, fresh.sums), `${impl}: sums after reset equal a fresh histogram`);
    t.same(snapshot(h), snapshot(fresh), `${impl}: cells, totals and pixels equal a fresh histogram`);
  }
});

t.test('sums stay exact past the 32-bit range (one cell, > 16,843,009 pixels)', async (t) => {
  if (!status.available) return t.fail('native addon missing');
  const pixels = 16_843_009 + 1_000;
  const frame = new Uint8Array(pixels * 4).fill(255);
  frame.fill(0, 0, 8); // two transparent black pixels first
  for (const impl of ['js', 'native'] as const) {
    const h = new FrameHistogram({ implementation: impl });
    h.add(frame);
    h.add(frame.subarray(0, 16));
    const white = [...h.cells()].find((c) => c.index === HISTOGRAM_CELLS - 1);
    t.same(white, { index: HISTOGRAM_CELLS - 1, count: pixels, r: 255 * pixels, g: 255 * pixels, b: 255 * pixels, a: 255 * pixels }, impl);
    // The second add brings back the 2 white pixels the first frame lacked (and 2 more black).
    t.same(h.totals, [255 * pixels, 255 * pixels, 255 * pixels, 255 * pixels], `${impl}: totals`);
    t.equal(h.counts[0], 4);
    t.same([...h.touchedIndices()], [0, HISTOGRAM_CELLS - 1]);
  }
});

t.test('the addon works in worker threads', async (t) => {
  if (!status.available) return t.fail('native addon missing');
  const frame = randomFrame(128, 128, 5);
  const expected = new FrameHistogram({ implementation: 'native' });
  expected.add(frame);
  const code =
    `import { parentPort, workerData } from 'node:worker_threads';` +
    `const m = await import(workerData.url);` +
    `const h = new m.FrameHistogram({ implementation: 'native' });` +
    `for (let i = 0; i < 3; i++) { h.reset(); h.add(workerData.frame); }` +
    `parentPort.postMessage({ cells: [...h.cells()], totals: h.totals });`;
  const results = await Promise.all(
    [1, 2].map(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
            workerData: { url: new URL(`file://${MODULE_JS}`).href, frame },
          });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  for (const r of results) t.same(r, { cells: [...expected.cells()], totals: expected.totals });
});

t.test('bad frames are rejected by both kernels', async (t) => {
  if (!status.available) return t.fail('native addon missing');
  for (const impl of ['js', 'native'] as const) {
    const h = new FrameHistogram({ implementation: impl });
    t.throws(() => h.add(new Uint8Array(6)), RangeError, `${impl}: length not a multiple of 4`);
    t.equal(h.pixels, 0);
  }
});

t.test('selecting the implementation', async (t) => {
  if (!status.available) return t.fail('native addon missing');
  setHistogramImplementation('js');
  t.equal(histogramImplementation(), 'js');
  t.equal(new FrameHistogram().implementation, 'js');
  setHistogramImplementation('native');
  t.equal(histogramImplementation(), 'native');
  const h = new FrameHistogram();
  t.equal(h.implementation, 'native');
  t.equal(new FrameHistogram({ implementation: 'js' }).implementation, 'js', 'a pinned instance');
  t.throws(() => setHistogramImplementation('gpu' as 'js'), TypeError);
});
