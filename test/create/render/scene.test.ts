import t from 'tap';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { VALUES } from '../../../src/base/values.js';
import { encodeClip } from '../../../src/create/encode.js';
import { BANDS, SceneRenderer, renderFrames } from '../../../src/create/render/index.js';
import { neutralSpec, type SpecPatch } from '../../../src/create/spec.js';
import type { SceneSpec } from '../../../src/model/scene.js';
import { ffmpegSupports, resolveFfmpeg } from '../../../src/media/ffmpeg.js';
import { probeMedia } from '../../../src/media/probe.js';

const run = promisify(execFile);

const W = 96;
const H = 64;

/** A neutral spec (static camera, no subject, one shot) in the ocean palette; overrides merge per section. */
function makeSpec(over: SpecPatch = {}): SceneSpec {
  return neutralSpec({
    seed: 11, width: W, height: H,
    palette: { name: 'ocean', stops: VALUES.palettes.ocean.map((c) => [...c] as [number, number, number]) },
    ...over,
    motion: { directionality: 'horizontal', ...over.motion },
  });
}

const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** Frame hashes, taken as each frame is yielded (the generator reuses one buffer). */
const hashes = (spec: SceneSpec) => { const out: string[] = []; for (const f of renderFrames(spec)) out.push(hash(f)); return out; };

function lumaOf(f: Uint8Array, w = W, h = H): Float64Array {
  const l = new Float64Array(w * h);
  for (let p = 0; p < w * h; p++) l[p] = 0.299 * f[p * 4] + 0.587 * f[p * 4 + 1] + 0.114 * f[p * 4 + 2];
  return l;
}
const mean = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s / a.length; };
const sd = (a: ArrayLike<number>) => { const m = mean(a); let s = 0; for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2; return Math.sqrt(s / a.length); };

/** Luma minus a (2r+1)² box blur: the texture, without the backdrop gradient. */
function highpass(l: Float64Array, w = W, h = H, r = 3): Float64Array {
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      let n = 0;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const X = Math.min(w - 1, Math.max(0, x + dx));
          const Y = Math.min(h - 1, Math.max(0, y + dy));
          s += l[Y * w + X];
          n++;
        }
      }
      out[y * w + x] = l[y * w + x] - s / n;
    }
  }
  return out;
}

/** The integer translation of band `b` from frame a to frame b (mean absolute difference of high-passed luma). */
function bandShift(a: Float64Array, b: Float64Array, band: readonly [number, number], R = 8): [number, number] {
  const y0 = Math.ceil(band[0] * H + 0.08 * H);
  const y1 = Math.floor(band[1] * H - 0.08 * H);
  let best: [number, number, number] = [0, 0, Infinity];
  for (let dy = -R; dy <= R; dy++) {
    for (let dx = -R; dx <= R; dx++) {
      let s = 0;
      let n = 0;
      for (let y = Math.max(y0, -dy); y < Math.min(y1, H - dy); y++) {
        for (let x = Math.max(R, -dx); x < Math.min(W - R, W - dx); x++) { s += Math.abs(a[y * W + x] - b[(y + dy) * W + x + dx]); n++; }
      }
      if (n > 100 && s / n < best[2]) best = [dx, dy, s / n];
    }
  }
  return [best[0], best[1]];
}

function frameLuma(spec: SceneSpec, frames: number[]): Float64Array[] {
  const r = new SceneRenderer(spec);
  return frames.map((i) => lumaOf(r.frame(i), spec.width, spec.height));
}

t.test('determinism', async (t) => {
  const spec = makeSpec({ camera: { motion: 'handheld', steadiness: 'shaky' }, shape: 'character',
    motion: { speed: 'fast', rhythm: 'random', smoothness: 'rough', directionality: 'none' }, transition: { type: 'dissolve', shots: 2 } });
  const a = hashes(spec);
  t.equal(a.length, 24, 'duration × fps frames');
  t.same(hashes(structuredClone(spec)), a, 'same spec ⇒ identical frames');
  const r = new SceneRenderer(spec);
  const backwards = [...Array(24).keys()].reverse().map((i) => hash(r.frame(i))).reverse();
  t.same(backwards, a, 'frame(i) does not depend on what was rendered before');
  const b = hashes({ ...spec, seed: 12 });
  t.ok(b.every((h, i) => h !== a[i]), 'another seed ⇒ other textures, jitter and wander');
  t.throws(() => r.frame(24), RangeError);
  t.throws(() => new SceneRenderer({ ...spec, shape: 'hexagon' }), { code: 'INPUT_INVALID' }, 'the spec is validated');
});

t.test('gradient types show in the luma field', async (t) => {
  const fields = (type: string) => {
    const [l] = frameLuma(makeSpec({ gradient: { type, angle: 100 } }), [0]);
    const rows = Array.from({ length: H }, (_, y) => mean(l.subarray(y * W, (y + 1) * W)));
    const cols = Array.from({ length: W }, (_, x) => mean(Array.from({ length: H }, (_, y) => l[y * W + x])));
    // Plane fit L ≈ a + b·x + c·y (x, y in −½…½) and correlation with the distance from the centre.
    let bx = 0; let cy = 0; let xx = 0; let yy = 0; const rs: number[] = []; const ls: number[] = [];
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const X = (x + 0.5) / W - 0.5; const Y = (y + 0.5) / H - 0.5; const v = l[y * W + x];
        bx += X * v; cy += Y * v; xx += X * X; yy += Y * Y;
        rs.push(Math.hypot(X, (Y * H) / W)); ls.push(v);
      }
    }
    const mr = mean(rs); const ml = mean(ls);
    let num = 0; let dr = 0; let dl = 0;
    for (let i = 0; i < rs.length; i++) { num += (rs[i] - mr) * (ls[i] - ml); dr += (rs[i] - mr) ** 2; dl += (ls[i] - ml) ** 2; }
    const angle = (Math.atan2(Math.abs(cy / yy), Math.abs(bx / xx)) * 180) / Math.PI;
    return { rowSd: sd(rows), colSd: sd(cols), angle, radial: num / Math.sqrt(dr * dl) };
  };
  const v = fields('vertical');
  t.ok(v.rowSd > 20 && v.rowSd > 4 * v.colSd, `vertical: row means vary (${v.rowSd.toFixed(1)}), columns do not (${v.colSd.toFixed(1)})`);
  const h = fields('horizontal');
  t.ok(h.colSd > 20 && h.colSd > 4 * h.rowSd, `horizontal: column means vary (${h.colSd.toFixed(1)}), rows do not (${h.rowSd.toFixed(1)})`);
  const a = fields('angled');
  t.ok(a.angle > 25 && a.angle < 65 && a.rowSd > 10 && a.colSd > 10, `angled: the plane fit is diagonal (${a.angle.toFixed(0)}°)`);
  const r = fields('radial');
  t.ok(Math.abs(r.radial) > 0.6, `radial: luma follows the distance from the centre (r = ${r.radial.toFixed(2)})`);
  for (const other of [v, h, a]) t.ok(Math.abs(other.radial) < 0.45, 'linear gradients are not radial');
});

t.test('camera: pan, truck, tilt, zoom, static', async (t) => {
  const u = (1 / 24) * 4; // four frames apart
  const shifts = (motion: string) => {
    const spec = makeSpec({ camera: { motion } });
    const [a, b] = frameLuma(spec, [4, 8]).map((l) => highpass(l));
    const dir = new SceneRenderer(spec).cameraAt(8).layers[2].tx >= 0 ? 1 : -1;
    return { bands: BANDS.map((band) => bandShift(a, b, band)), dir };
  };
  const pan = shifts('pan');
  const expected = 0.3 * W * u; // 4.8 px
  for (const [dx, dy] of pan.bands) {
    t.ok(Math.abs(dx * pan.dir - expected) <= 1 && dy === 0, `pan: every band moves ${dx} px across (expected ${(pan.dir * expected).toFixed(1)})`);
  }
  const truck = shifts('truck');
  const [far, , near] = truck.bands.map(([dx]) => Math.abs(dx));
  t.ok(near >= 6 && far <= 1 && Math.sign(truck.bands[2][0]) === truck.dir, `truck: near ${near} px ≫ far ${far} px (parallax)`);
  const tilt = shifts('tilt');
  t.ok(tilt.bands.every(([dx, dy]) => dx === 0 && Math.abs(Math.abs(dy) - 0.3 * H * u) <= 1), `tilt: every band moves vertically (${tilt.bands.map((b) => b[1]).join(', ')})`);
  const arc = shifts('arc');
  t.ok(Math.sign(arc.bands[0][0]) === -Math.sign(arc.bands[2][0]) && arc.bands[1][0] === 0, `arc: far and near move in opposite directions (${arc.bands.map((b) => b[0]).join(', ')})`);

  // Zoom: the best scale about the centre between frames 0 and 12 (ln s = 0.25 × 0.5 s).
  const [z0, z1] = frameLuma(makeSpec({ camera: { motion: 'zoom' } }), [0, 12]).map((l) => highpass(l));
  const scaleCost = (s: number) => {
    let e = 0; let n = 0;
    for (let y = 4; y < H - 4; y++) {
      for (let x = 4; x < W - 4; x++) {
        const X = Math.round(W / 2 + (x - W / 2) * s); const Y = Math.round(H / 2 + (y - H / 2) * s);
        if (X < 0 || Y < 0 || X >= W || Y >= H) continue;
        e += Math.abs(z0[y * W + x] - z1[Y * W + X]); n++;
      }
    }
    return e / n;
  };
  let best = 1; let bestCost = Infinity;
  for (let s = 0.9; s <= 1.3; s += 0.01) { const c = scaleCost(s); if (c < bestCost) { bestCost = c; best = s; } }
  t.ok(Math.abs(best - Math.exp(0.125)) < 0.04, `zoom: content grows about the centre by ${best.toFixed(2)} (expected ${Math.exp(0.125).toFixed(2)})`);
  t.ok(scaleCost(best) < 0.7 * scaleCost(1), 'zoom: scaling explains the change far better than no motion');

  const still = hashes(makeSpec({ shape: 'circle' }));
  t.ok(still.every((h) => h === still[0]), 'static camera, static subject, locked: every frame identical');
  const shaky = hashes(makeSpec({ camera: { motion: 'static', steadiness: 'shaky' } }));
  t.ok(new Set(shaky).size > 20, 'static but shaky: jitter changes every frame');
});

t.test('lighting, composition and symmetry signatures', async (t) => {
  const stats = (over: SpecPatch) => {
    const spec = makeSpec({ camera: { motion: 'pan' }, ...over });
    const r = new SceneRenderer(spec);
    const f = r.frame(6);
    const l = lumaOf(f);
    let rb = 0;
    for (let o = 0; o < f.length; o += 4) rb += f[o] - f[o + 2];
    const hp = highpass(l);
    let sx = 0; let sy = 0; let s = 0; let mirror = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const e = Math.abs(hp[y * W + x]);
        sx += e * ((x + 0.5) / W - 0.5); sy += e * ((y + 0.5) / H - 0.5); s += e;
        mirror += Math.abs(hp[y * W + x] - hp[y * W + W - 1 - x]);
      }
    }
    return { std: sd(l), rb: rb / (W * H), dark: l.filter((v) => v < 30).length / l.length, comX: sx / s, comY: sy / s, mirror: mirror / s };
  };
  const flat = stats({ lighting: { contrast: 'flat' } });
  const normal = stats({});
  const high = stats({ lighting: { contrast: 'high' } });
  const chiaro = stats({ lighting: { contrast: 'chiaroscuro' } });
  t.ok(flat.std < 20 && normal.std > 35 && normal.std < 50 && high.std > 60, `luma std: flat ${flat.std.toFixed(0)} < normal ${normal.std.toFixed(0)} < high ${high.std.toFixed(0)}`);
  t.ok(chiaro.dark > 0.45 && high.dark < 0.3, `chiaroscuro: ${(chiaro.dark * 100).toFixed(0)} % of pixels near black`);
  const warm = stats({ lighting: { temperature: 'warm' } });
  const cool = stats({ lighting: { temperature: 'cool' } });
  t.ok(warm.rb > 28 && Math.abs(normal.rb) < 6 && cool.rb < -28, `mean(R − B): warm ${warm.rb.toFixed(0)}, neutral ${normal.rb.toFixed(0)}, cool ${cool.rb.toFixed(0)}`);
  const left = stats({ composition: { balance: 'left_heavy' }, shape: 'circle' });
  const right = stats({ composition: { balance: 'right_heavy' }, shape: 'circle' });
  const top = stats({ composition: { balance: 'top_heavy' }, shape: 'circle' });
  const bottom = stats({ composition: { balance: 'bottom_heavy' }, shape: 'circle' });
  const balanced = stats({ shape: 'circle' });
  t.ok(left.comX < -0.1 && right.comX > 0.1 && Math.abs(balanced.comX) < 0.06, `detail centre of mass x: left ${left.comX.toFixed(2)}, balanced ${balanced.comX.toFixed(2)}, right ${right.comX.toFixed(2)}`);
  t.ok(top.comY < -0.1 && bottom.comY > 0.1 && Math.abs(balanced.comY) < 0.06, `detail centre of mass y: top ${top.comY.toFixed(2)}, bottom ${bottom.comY.toFixed(2)}`);
  const bilateral = stats({ composition: { symmetry: 'bilateral' } });
  const slight = stats({ composition: { symmetry: 'slight' } });
  t.ok(bilateral.mirror < 0.01 && slight.mirror > 0.25 && slight.mirror < 0.7 && normal.mirror > 1.1,
    `mirror difference ratio: bilateral ${bilateral.mirror.toFixed(2)}, slight ${slight.mirror.toFixed(2)}, asymmetric ${normal.mirror.toFixed(2)}`);
});

t.test('alpha and transitions', async (t) => {
  const r = new SceneRenderer(makeSpec({ alpha: true, opacity: 0.35, camera: { motion: 'pan' } }));
  const a = Math.round(0.35 * 255);
  t.ok([0, 11, 23].every((i) => { const f = r.frame(i); for (let o = 3; o < f.length; o += 4) if (f[o] !== a) return false; return true; }), `every alpha is ${a}`);
  const opaque = new SceneRenderer(makeSpec({ opacity: 0.35 })).frame(0);
  t.ok(opaque.every((v, i) => i % 4 !== 3 || v === 255), 'without spec.alpha the frames are opaque');

  const series = (type: string) => {
    const spec = makeSpec({ duration: 2, camera: { motion: 'pan' }, transition: { type, shots: 2 } });
    const rr = new SceneRenderer(spec);
    const means: number[] = [];
    const diffs: number[] = [];
    let prev: Uint8Array | null = null;
    for (let i = 0; i < rr.frameCount; i++) {
      const f = Uint8Array.from(rr.frame(i));
      means.push(mean(lumaOf(f)));
      if (prev !== null) { let d = 0; for (let o = 0; o < f.length; o += 4) d += Math.abs(f[o] - prev[o]) + Math.abs(f[o + 1] - prev[o + 1]) + Math.abs(f[o + 2] - prev[o + 2]); diffs.push(d / (W * H * 3)); }
      prev = f;
    }
    return { means, diffs, schedule: rr.schedule };
  };
  const fade = series('fade');
  t.same(fade.schedule.boundaries, [1.5], 'the boundary sits in the middle of its second');
  const darkest = Math.min(...fade.means);
  t.ok(darkest < 10 && fade.means[0] > 80, `fade goes through black (darkest frame mean ${darkest.toFixed(1)})`);
  t.equal(fade.means.indexOf(darkest), 36, 'darkest at the boundary');
  const cut = series('cut');
  const big = cut.diffs.filter((d) => d > 25);
  const typical = [...cut.diffs].sort((x, y) => x - y)[Math.floor(cut.diffs.length / 2)];
  t.equal(big.length, 1, `cut: exactly one abrupt frame difference (${Math.max(...cut.diffs).toFixed(0)} vs typical ${typical.toFixed(0)})`);
  t.equal(cut.diffs.indexOf(big[0]) + 1, 36, 'cut at frame 36 (1.5 s)');
  const dissolve = series('dissolve');
  t.ok(Math.min(...dissolve.means) > 80 && dissolve.diffs.filter((d) => d > 25).length === 0, 'dissolve: no black, no abrupt frame');
  // Wipe: mid-transition, the left part of the frame is the new shot and the right part the old one.
  const wipeSpec = makeSpec({ duration: 2, transition: { type: 'wipe', shots: 2 } });
  const wr = new SceneRenderer(wipeSpec);
  const before = lumaOf(Uint8Array.from(wr.frame(29)));
  const mid = lumaOf(Uint8Array.from(wr.frame(36)));
  const after = lumaOf(Uint8Array.from(wr.frame(43)));
  const colDiff = (x: Float64Array, y: Float64Array, c: number) => mean(Array.from({ length: H }, (_, r) => Math.abs(x[r * W + c] - y[r * W + c])));
  t.ok(colDiff(mid, after, 5) < 1 && colDiff(mid, before, W - 6) < 1 && colDiff(mid, before, 5) > 5, 'wipe: a moving edge between the new and the old shot');
});

t.test('encodeClip: H.264/AAC MP4 and lossless alpha MOV', async (t) => {
  const ffmpeg = await resolveFfmpeg();
  const dir = mkdtempSync(join(tmpdir(), 'motionreg-render-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const spec = makeSpec({ camera: { motion: 'pan' }, shape: 'arrow', motion: { speed: 'medium' } });
  const sampleRate = 48000;
  const audio = Float32Array.from({ length: sampleRate }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 330 * i) / sampleRate));
  const mp4 = await encodeClip(spec, join(dir, 'clip.mp4'), { ffmpeg, audio, sampleRate });
  t.same({ frames: mp4.frames, codec: mp4.codec }, { frames: 24, codec: 'h264' });
  const info = await probeMedia(mp4.file, ffmpeg);
  t.match(info, { video: { codec: 'h264', width: W, height: H, fps: 24, pix_fmt: 'yuv420p', frames: 24 }, audio: { codec: 'aac', sampleRate } });

  const alphaSpec = makeSpec({ alpha: true, opacity: 0.6, camera: { motion: 'truck' } });
  const mov = await encodeClip(alphaSpec, join(dir, 'alpha.mp4'), { ffmpeg });
  t.equal(mov.file, join(dir, 'alpha.mov'), 'the extension follows the container');
  t.equal(mov.codec, 'qtrle');
  const movInfo = await probeMedia(mov.file, ffmpeg);
  t.match(movInfo, { video: { codec: 'qtrle', hasAlpha: true, frames: 24 }, audio: null });
  const { stdout } = await run(ffmpeg.path, ['-v', 'error', '-i', mov.file, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { encoding: 'buffer', maxBuffer: 64 << 20 });
  const decoded = new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength);
  t.equal(decoded.length, 24 * W * H * 4);
  const want = Math.round(0.6 * 255);
  let alphaOk = true;
  for (let o = 3; o < decoded.length; o += 4) if (decoded[o] !== want) { alphaOk = false; break; }
  t.ok(alphaOk, `decoded alpha is ${want} everywhere`);
  const r = new SceneRenderer(alphaSpec);
  t.equal(hash(decoded.subarray(5 * W * H * 4, 6 * W * H * 4)), hash(r.frame(5)), 'QTRLE is lossless: decoded frame 5 equals the render');

  if (await ffmpegSupports(ffmpeg, 'libvpx-vp9')) {
    const webm = await encodeClip(alphaSpec, join(dir, 'alpha.mov'), { ffmpeg, alphaCodec: 'vp9', audio, sampleRate });
    t.same({ file: webm.file, codec: webm.codec }, { file: join(dir, 'alpha.webm'), codec: 'vp9' });
    t.match(await probeMedia(webm.file, ffmpeg), { video: { codec: 'vp9', hasAlpha: true }, audio: { sampleRate } });
    const vp9 = await run(ffmpeg.path, ['-v', 'error', '-c:v', 'libvpx-vp9', '-i', webm.file, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { encoding: 'buffer', maxBuffer: 64 << 20 });
    let near = 0;
    let total = 0;
    for (let o = 3; o < vp9.stdout.length; o += 4) { total++; if (Math.abs(vp9.stdout[o] - want) <= 3) near++; }
    t.ok(total === 24 * W * H && near / total > 0.99, `VP9 yuva420p: decoded alpha within ±3 of ${want} (${((near / total) * 100).toFixed(1)} %)`);
  }

  await t.rejects(encodeClip(spec, join(dir, 'missing', 'x.mp4'), { ffmpeg }), { code: 'INTERNAL', message: /ffmpeg failed/ }, 'ffmpeg errors carry its stderr');
});
