import t from 'tap';
import { makeClip, rgbaFrames } from '../../helpers/media.js';
import type { WindowFrames } from '../../../src/extract/dynamic/types.js';
import {
  motionKernelImplementation, motionKernels, nativeMotionKernelStatus, setMotionKernelImplementation, type MotionKernels,
} from '../../../src/extract/dynamic/kernels.js';
import { analyzeMotionField, analyzeVisualWindow, prepareWindow } from '../../../src/extract/dynamic/visual.js';
import { blockGrid } from '../../../src/extract/dynamic/block-match.js';
import { matchingDetail } from '../../../src/extract/dynamic/motion/frames.js';
import type { PairMotion } from '../../../src/extract/dynamic/motion/pair.js';
import { DIFF_BINS } from '../../../src/extract/dynamic/compensation.js';
import { SUBJECT_SEARCH, SUBJECT_TIE } from '../../../src/extract/dynamic/template-search.js';

const status = nativeMotionKernelStatus();
const js = motionKernels('js');
const native: MotionKernels | null = status.available ? motionKernels('native') : null;

// --- real decoded frames ------------------------------------------------------------------------
// Clips from ffmpeg's own sources, decoded as extraction decodes them (RGBA, 160 px wide, area
// scaling), cut into windows of one second.

const dir = t.testdir();
const clips = {
  pan: await makeClip(dir, 'pan.mp4', ['testsrc2=s=960x360:r=24:d=1.5'], ['-vf', "crop=480:270:'t*140':'40+20*sin(t*6)'", '-pix_fmt', 'yuv420p']),
  zoom: await makeClip(dir, 'zoom.mp4', ['mandelbrot=s=320x240:r=24'], ['-t', '1.5', '-pix_fmt', 'yuv420p']),
  subject: await makeClip(dir, 'subject.mp4', ["color=c=0x506070:s=320x180:r=24:d=1.5,noise=alls=12:allf=u,drawbox=x='40+t*140':y='60+t*20':w=44:h=44:color=0xE03020:t=fill"],
    ['-pix_fmt', 'yuv420p']),
};

const windows: Array<[string, WindowFrames]> = [];
for (const [name, file] of Object.entries(clips)) {
  const { width, height, frames } = await rgbaFrames(file, 160);
  for (let i = 0, start = 0; start < frames.length; i++, start += 24) {
    windows.push([`${name} #${i}`, { index: i, start: i, fps: 24, width, height, frames: frames.slice(start, start + 24), previous: start > 0 ? frames[start - 1] : null }]);
  }
}

type Typed = Float32Array | Float64Array | Uint8Array | Uint32Array | Int32Array;
/** Bit-for-bit equality (so −0 ≠ 0 and NaN = NaN of the same payload). */
const bits = (x: Typed) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
const sameBits = (a: Typed, b: Typed) => bits(a).equals(bits(b));

/** A fresh copy of a window (analysis results are cached per window object). */
const fresh = (w: WindowFrames): WindowFrames => ({ ...w });

/** The window's pairs as analysed by the JavaScript kernels, with the detail frames they matched. */
function analysedPairs(w: WindowFrames): { pairs: PairMotion[]; detailFrames: Float32Array[]; motion: Float32Array[]; width: number; height: number } {
  setMotionKernelImplementation('js');
  const p = prepareWindow(fresh(w));
  const summary = analyzeMotionField(p);
  const detailFrames = p.motion.map((f) => matchingDetail(f, p.width, p.height));
  return { pairs: summary.pairDetails, detailFrames, motion: p.motion, width: p.width, height: p.height };
}

t.test('the native kernels are built and load', async (t) => {
  t.ok(status.available, `native motion kernels loaded${status.reason ? ` (${status.reason})` : ''}`);
});

t.test('workingChannels: bit-identical on every decoded frame', async (t) => {
  if (!native) return t.fail('native addon missing');
  let frames = 0, differing = 0;
  for (const [, w] of windows) {
    const cw = w.width / 2, ch = Math.floor(w.height / 2);
    for (const f of w.frames) {
      const outs = [js, native].map((k) => {
        const luma = new Float32Array(cw * ch), motion = new Float32Array(cw * ch);
        k.workingChannels(f, w.width, 2, cw, ch, luma, motion);
        return [luma, motion];
      });
      frames++;
      if (!sameBits(outs[0][0], outs[1][0]) || !sameBits(outs[0][1], outs[1][1])) differing++;
    }
  }
  t.equal(differing, 0, `${frames} frames`);
  t.throws(() => native.workingChannels(new Uint8Array(16), 160, 2, 80, 45, new Float32Array(3600), new Float32Array(3600)), /frame is too short/);
});

t.test('matchBlocks: bit-identical per pair, with and without the previous pair and a half mask', async (t) => {
  if (!native) return t.fail('native addon missing');
  let jobs = 0;
  for (const [name, w] of windows) {
    const { pairs, detailFrames, width, height } = analysedPairs(w);
    const grid = blockGrid(width, height);
    const stride = pairs.length > 1 ? pairs[1].frame - pairs[0].frame : 1;
    const left = Uint8Array.from({ length: grid.n }, (_, i) => (grid.px[i] < 0 ? 1 : 0));
    pairs.forEach((pair, j) => {
      const prev = j > 0 && pairs[j - 1].valid ? pairs[j - 1] : null;
      for (const use of [null, left]) {
        const run = (k: MotionKernels) => {
          const n = grid.n;
          const out = { u: new Float64Array(n), v: new Float64Array(n), wxx: new Float64Array(n), wxy: new Float64Array(n), wyy: new Float64Array(n), unexplained: new Float64Array(n) };
          const count = k.matchBlocks({
            a: detailFrames[pair.frame], b: detailFrames[pair.frame + stride], width, height, x0: grid.x0, y0: grid.y0, px: grid.px, py: grid.py, use,
            coarseDx: pair.coarseDx, coarseDy: pair.coarseDy, previousModel: prev?.model ?? null, previousU: prev?.u ?? null, previousV: prev?.v ?? null, ...out,
          });
          return { count, ...out };
        };
        const a = run(js), b = run(native);
        jobs++;
        const label = `${name} pair ${j}${use ? ' left half' : ''}`;
        t.equal(b.count, a.count, `${label}: unexplained count`);
        for (const key of ['u', 'v', 'wxx', 'wxy', 'wyy', 'unexplained'] as const) {
          if (!sameBits(a[key], b[key])) t.fail(`${label}: ${key} differs`);
        }
        if (!use) t.ok(sameBits(a.u, pair.u) && sameBits(a.wxx, pair.wxx), `${label}: as in the window analysis`);
      }
    });
  }
  t.ok(jobs >= 20, `${jobs} jobs`);
});

t.test('compensate and searchTemplate: bit-identical, and the pruned search picks what the full search picks', async (t) => {
  if (!native) return t.fail('native addon missing');
  let searches = 0;
  for (const [name, w] of windows) {
    const { pairs, motion, width: cw, height: ch } = analysedPairs(w);
    const size = cw * ch;
    const stride = pairs.length > 1 ? pairs[1].frame - pairs[0].frame : 1;
    for (const pair of pairs.filter((q) => q.valid)) {
      const a = motion[pair.frame], b = motion[pair.frame + stride];
      for (const identity of [false, true]) {
        const run = (k: MotionKernels) => {
          const out = { warped: new Float32Array(size), inside: new Uint8Array(size), diff: new Float32Array(size), hist: new Uint32Array(DIFF_BINS) };
          return { valid: k.compensate({ a, b, width: cw, height: ch, model: pair.model, identity, ...out }), ...out };
        };
        const x = run(js), y = run(native);
        const label = `${name} pair ${pair.frame}${identity ? ' identity' : ''}`;
        t.equal(y.valid, x.valid, `${label}: defined pixels`);
        for (const key of ['warped', 'inside', 'diff', 'hist'] as const) if (!sameBits(x[key], y[key])) t.fail(`${label}: ${key} differs`);
        if (identity) continue;
        // Template: the most changed pixels and a box at the centre (both inside the frame's rim).
        const idx: number[] = [];
        for (let yy = 1; yy < ch - 1; yy++) {
          for (let xx = 1; xx < cw - 1; xx++) {
            const p = yy * cw + xx;
            if (x.inside[p] && (x.diff[p] > 12 || (Math.abs(xx - cw / 2) < 10 && Math.abs(yy - ch / 2) < 8))) idx.push(p);
          }
        }
        const job = {
          a, warped: x.warped, inside: x.inside, width: cw, height: ch, count: idx.length, template: Int32Array.from(idx),
          templateX: Int32Array.from(idx, (p) => p % cw), templateY: Int32Array.from(idx, (p) => Math.floor(p / cw)),
        };
        const offsets = [js, native].map((k) => {
          const offset = new Int32Array(2);
          k.searchTemplate({ ...job, offset });
          return [offset[0], offset[1]];
        });
        t.same(offsets[1], offsets[0], `${label}: same displacement`);
        t.same(offsets[0], fullSearch(job), `${label}: pruning is exact`);
        searches++;
      }
    }
  }
  t.ok(searches >= 10, `${searches} searches`);
});

/** The template search without pruning (the definition the kernels implement). */
function fullSearch(j: { a: Float32Array; warped: Float32Array; inside: Uint8Array; width: number; height: number; count: number; template: Int32Array; templateX: Int32Array; templateY: Int32Array }): number[] {
  const cost = (vx: number, vy: number): number => {
    let sum = 0, n = 0;
    for (let k = 0; k < j.count; k++) {
      const x = j.templateX[k] + vx, y = j.templateY[k] + vy;
      if (x < 0 || y < 0 || x >= j.width || y >= j.height) continue;
      const p = j.template[k], q = p + vy * j.width + vx;
      if (!j.inside[q]) continue;
      sum += Math.abs(j.a[p] - j.warped[q]);
      n++;
    }
    return n < j.count / 2 ? Infinity : sum / n + SUBJECT_TIE * (Math.abs(vx) + Math.abs(vy));
  };
  const R = SUBJECT_SEARCH;
  let best = Infinity, bx = 0, by = 0;
  for (let vy = -R; vy <= R; vy += 2) for (let vx = -R; vx <= R; vx += 2) { const c = cost(vx, vy); if (c < best) { best = c; bx = vx; by = vy; } }
  const gx = bx, gy = by;
  for (let vy = gy - 1; vy <= gy + 1; vy++) {
    for (let vx = gx - 1; vx <= gx + 1; vx++) {
      if ((vx === gx && vy === gy) || Math.abs(vx) > R || Math.abs(vy) > R) continue;
      const c = cost(vx, vy);
      if (c < best) { best = c; bx = vx; by = vy; }
    }
  }
  return [bx, by];
}

t.test('the window analysis gives the same values with and without the addon', async (t) => {
  if (!native) return t.fail('native addon missing');
  let subjects = 0;
  for (const [name, w] of windows) {
    setMotionKernelImplementation('js');
    const jsValues = analyzeVisualWindow(fresh(w));
    const jsMotion = analyzeMotionField(fresh(w));
    setMotionKernelImplementation('native');
    const nativeValues = analyzeVisualWindow(fresh(w));
    const nativeMotion = analyzeMotionField(fresh(w));
    t.strictSame(nativeValues, jsValues, `${name}: ${jsValues.map((v) => `${v.domain}=${v.value}`).join(' ')}`);
    t.strictSame(nativeMotion, jsMotion, `${name}: motion summary`);
    subjects += jsMotion.pairDetails.filter((q) => q.subject.pixels > 0).length;
  }
  t.ok(subjects > 0, `the subject search ran (${subjects} pairs with a subject)`);
});

t.test('selecting the implementation', async (t) => {
  if (!native) return t.fail('native addon missing');
  setMotionKernelImplementation('js');
  t.equal(motionKernelImplementation(), 'js');
  t.equal(motionKernels(), js);
  setMotionKernelImplementation('native');
  t.equal(motionKernelImplementation(), 'native');
  t.equal(motionKernels(), native);
  t.throws(() => setMotionKernelImplementation('gpu' as 'js'), TypeError);
  t.throws(() => native.matchBlocks({} as Parameters<MotionKernels['matchBlocks']>[0]), TypeError, 'a malformed job throws');
});
