import t from 'tap';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { allColorKeys, colorKey, parseColorKey } from '../../src/model/color.js';
import { sweepColors } from '../../src/loop/sweep/colors.js';
import { sweepSounds } from '../../src/loop/sweep/sounds.js';
import { paintFrames, tileLayout, tileMeans } from '../../src/loop/sweep/tiles.js';
import { CodecShift, correctedAim } from '../../src/loop/sweep/codec-shift.js';
import { testRuntime } from '../helpers/loop.js';

const run = promisify(execFile);

/** Opaque and translucent cells, the top and bottom bins of every channel, fully transparent and fully opaque. */
const COLOR_KEYS = [
  '0,0,0_0.0', '0,0,0_1.0', '250,250,250_1.0', '250,250,250_0.05', '250,0,0_0.5', '0,250,0_0.95', '0,0,250_0.35',
  '125,50,225_0.15', '25,175,100_0.7', '250,125,0_0.0', '100,100,150_1.0', '200,25,25_0.55', '75,250,200_0.25',
];

t.test('tiles are painted straight (no premultiplication) and read back from their interiors', async (t) => {
  const layout = tileLayout(32, 16, 8);
  t.same([layout.columns, layout.rows, layout.perFrame], [4, 2, 8]);
  const colors = Array.from({ length: 10 }, (_, i) => [i * 25, 255 - i * 20, 7, i === 0 ? 3 : 255 - i] as const);
  const decoded: number[][] = [];
  for (const frame of paintFrames(colors, layout)) decoded.push(...tileMeans(frame, layout, 2).map((c) => [...c]));
  t.equal(decoded.length, 2 * layout.perFrame, 'two frames');
  t.same(decoded.slice(0, 10), colors.map((c) => [...c]), 'every tile holds its color exactly, alpha 3 included');
  t.same(decoded.slice(10), [colors[8], colors[9], colors[8], colors[9], colors[8], colors[9]].map((c) => [...c]),
    'the last frame repeats its own colors in the slots left over');
});

t.test('a codec shift aims cells against what was measured, the nearest measured color standing in for the rest', async (t) => {
  const shift = new CodecShift();
  const cell = (key: string) => parseColorKey(key)!;
  t.same(shift.aimFor(cell('100,100,150_1.0')), [113, 113, 163, 255], 'nothing measured: the cell centre');
  shift.measure(cell('100,100,150_1.0'), [113, 113, 163, 255], [116, 111, 163, 251]);
  t.same(shift.aimFor(cell('100,100,150_1.0')), [110, 115, 163, 255], 'the measured shift is taken off the centre');
  t.same(shift.aimFor(cell('0,0,0_0.5')), [10, 15, 13, 128], 'far cells borrow the RGB shift; alpha shifts per opacity step only');
  shift.measure(cell('0,0,0_0.5'), [10, 15, 13, 128], [8, 14, 12, 126]);
  t.same(shift.aimFor(cell('25,0,0_0.5')), [40, 14, 14, 130], 'the nearest measured color is used');
  t.same(correctedAim(cell('250,0,0_1.0'), [253, 13, 13, 255], [248, 13, 11, 255]), [255, 13, 15, 255], 'a retry moves the aim by the miss, within bytes');
});

t.test('a lossless color sweep fills the given missing cells, alpha and edge bins included, as observed cells', async (t) => {
  const rt = await testRuntime(t, {}, { keepClips: true });
  const progress: number[] = [];
  const report = await sweepColors(rt, { keys: COLOR_KEYS, onProgress: (p) => progress.push(p.done) });
  t.match(report, { kind: 'colors', codec: 'qtrle', aimed: COLOR_KEYS.length, hit: COLOR_KEYS.length, hit_rate: 1, skipped: 0, missed: [], failed_jobs: [] });
  t.same(report.attempts, [{ aimed: COLOR_KEYS.length, hit: COLOR_KEYS.length }], 'one attempt was enough');
  t.equal(report.new_cells >= COLOR_KEYS.length, true);
  t.same(progress, [0, COLOR_KEYS.length]);

  for (const key of COLOR_KEYS) {
    const entry = await rt.actor.entry('static_color', 'color', key);
    t.ok(entry, `${key} recorded`);
    const { r, g, b, opacity } = entry!.fields as Record<string, number>;
    t.equal(colorKey(r, g, b, opacity), key, `${key}: its first observation lies in the cell`);
    t.match(entry!.first_seen.observed?.source.file, new RegExp(`sweep-colors-${report.jobs[0]}\\.mov$`), `${key}: first seen in the sweep clip`);
  }

  const [job] = await rt.actor.jobs();
  t.match(job, { id: report.jobs[0], workflow: 'sweep', mode: 'sweep', status: 'done', hits: { static_color: COLOR_KEYS.length }, prompt: `color sweep: ${COLOR_KEYS.length} cells` });
  t.same(job.targets.map((x) => x.key).sort(), [...COLOR_KEYS].sort());
  t.same(new Set(job.targets.map((x) => `${x.registry}/${x.domain}`)), new Set(['static_color/color']));
  const spec = job.spec as { kind: string; codec: string; tiles: Array<{ key: string; rgba: number[] }> };
  t.match(spec, { kind: 'colors', codec: 'qtrle' });
  t.same(spec.tiles.find((x) => x.key === '250,250,250_0.05')?.rgba, [253, 253, 253, 13], 'aimed at the cell centre, top bin and alpha step included');

  // The decoded clip shows the tiles as painted: QTRLE keeps low-alpha color.
  const { stdout } = await run(rt.ffmpeg.path, ['-v', 'error', '-i', job.file!, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { encoding: 'buffer', maxBuffer: 16 << 20 });
  const layout = tileLayout(256, 256, 8);
  const tiles = tileMeans(new Uint8Array(stdout.buffer, stdout.byteOffset, layout.width * layout.height * 4), layout, 0);
  t.same(tiles.slice(0, spec.tiles.length).map((c) => [...c]), spec.tiles.map((x) => x.rgba));

  const next = await sweepColors(rt, { limit: 500 });
  t.equal(next.aimed, 500);
  t.equal(next.hit, 500);
  const nextJob = (await rt.actor.jobs()).find((j) => j.id === next.jobs[0])!;
  const swept = new Set(nextJob.targets.map((x) => x.key));
  t.equal(COLOR_KEYS.some((k) => swept.has(k)), false, 'without keys, only cells not yet observed are aimed at');
});

t.test('lossy sweeps: opaque cells through H.264 and translucent ones through VP9 land in their cells within two attempts', async (t) => {
  const rt = await testRuntime(t);
  const keys = allColorKeys();
  const opaque = keys.filter((k) => k.endsWith('_1.0')).filter((_, i) => i % 7 === 0);
  const translucent = ['250,250,250_0.5', '0,0,0_0.0'];
  const shift = new CodecShift();
  const h264 = await sweepColors(rt, { codec: 'h264', keys: [...opaque, ...translucent], shift });
  t.equal(h264.skipped, translucent.length, 'H.264 has no alpha: translucent cells are not aimed at');
  t.equal(h264.aimed, opaque.length);
  t.ok(h264.attempts.length <= 2 && h264.hit_rate >= 0.95, `H.264: ${JSON.stringify(h264.attempts)}`);
  t.ok(shift.measured >= opaque.length, 'the decoded tiles were measured');

  const sample = keys.filter((_, i) => i % 97 === 0);
  const vp9 = await sweepColors(rt, { codec: 'vp9', keys: sample });
  t.equal(vp9.aimed, sample.length);
  t.ok(vp9.attempts.length <= 2 && vp9.hit_rate >= 0.95, `VP9: ${JSON.stringify(vp9.attempts)}`);
  const job = (await rt.actor.jobs()).find((j) => j.id === vp9.jobs[0])!;
  t.match(job, { status: 'done', spec: { kind: 'colors', codec: 'vp9' } });
});

t.test('a sound sweep fills the given missing sound keys, one segment each', async (t) => {
  const rt = await testRuntime(t);
  const keys = ['0.0_silent_silence', '1.0_low_rumble', '0.0_high_hiss', '0.5_mid_tone', '1.0_high_hiss', '0.3_mid_hiss', '0.9_high_tone'];
  const report = await sweepSounds(rt, { keys });
  t.match(report, { kind: 'sounds', codec: 'pcm_s16le', aimed: keys.length, hit: keys.length, hit_rate: 1, missed: [] });
  for (const key of keys) t.ok(await rt.actor.entry('static_sound', 'sound', key), `${key} recorded`);
  const [job] = await rt.actor.jobs();
  t.match(job, { workflow: 'sweep', mode: 'sweep', status: 'done', hits: { static_sound: keys.length }, video_seconds: keys.length * 0.5 });
  t.same((job.spec as { segments: Array<{ key: string }> }).segments.map((s) => s.key), keys.slice().sort((a, b) =>
    rt.targets.domain('static_sound', 'sound')!.units.indexOf(a) - rt.targets.domain('static_sound', 'sound')!.units.indexOf(b)));
});

t.test('bad sweep input is a clear error', async (t) => {
  const rt = await testRuntime(t);
  await t.rejects(sweepColors(rt, { codec: 'h265' as never }), { code: 'INPUT_INVALID', message: /qtrle, h264, vp9/ });
  await t.rejects(sweepColors(rt, { keys: ['300,0,0_1.0'] }), { code: 'INPUT_INVALID', message: /not a static color key/ });
  await t.rejects(sweepSounds(rt, { keys: ['0.5_low_tone'] }), { code: 'INPUT_INVALID', message: /not a static sound key/ });
  await t.rejects(sweepColors(rt, { attempts: 0 }), { code: 'INPUT_INVALID', message: /attempts/ });
  t.equal((await rt.actor.jobs()).length, 0, 'no job was started');
});
