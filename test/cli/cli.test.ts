import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryActor } from '../../src/registry/actor.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { cli } from '../helpers/cli.js';
import { interpret } from '../../src/create/interpreter/interpret.js';

const run = cli();

t.test('coverage --json on an empty store lists every registry at 0 %', async (t) => {
  const { code, stdout } = await run('coverage', '--json', '--data', tempDataDir(t));
  t.equal(code, 0);
  const report = JSON.parse(stdout);
  const r = report.registries;
  t.same([r.static_color.cells, r.static_sound.cells, r.dynamic.cells, r.narrative.cells], [27951, 56, 93, 118]);
  for (const name of ['static_color', 'static_sound', 'dynamic', 'narrative']) {
    t.equal(r[name].count, 0, `${name} count`);
    t.equal(r[name].coverage_pct, 0, `${name} coverage`);
    t.type(r[name].complete, 'string', `${name} names its completion target`);
  }
  t.equal(r.static_sound.primitives.length, 4);
  t.same(r.static_sound.primitives_missing, ['silence', 'rumble', 'tone', 'hiss']);
  t.equal(r.narrative.aspects.genre.origin_size, 24);
  t.equal(r.narrative.aspects.genre.missing.length, 24);
  t.equal(r.dynamic.domains.camera_motion.size, 16);
  t.equal(r.dynamic.combinations.gradient_camera.size, 64);
  t.equal(r.narrative.narrative_min_coverage_pct, 0);
});

t.test('coverage table and export reflect recorded cells', async (t) => {
  const dataDir = tempDataDir(t);
  const actor = await RegistryActor.start({ config: testConfig(dataDir) });
  await actor.record([
    { registry: 'static_color', r: 124.2, g: 124.3, b: 160.4 },
    { registry: 'static_sound', amplitude: 0.3, tone: 'mid', timbre: 'tone' },
    { registry: 'narrative', domain: 'genre', value: 'thriller', origin: 'intended' },
  ]);
  await actor.close();

  const table = await run('coverage', '--data', dataDir);
  t.equal(table.code, 0);
  t.match(table.stdout, /static_color\s+1\s+27951\s+0\.00 %/);
  t.match(table.stdout, /genre\s+1\s+24\s+4\.17 %/);

  const out = join(dataDir, '..', 'export.json');
  const exported = await run('export', '--out', out, '--data', dataDir);
  t.equal(exported.code, 0);
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  t.equal(doc.format, 'motion-registry/export@1');
  t.equal(doc.loop_progress.jobs, 0, 'with loop progress');
  t.equal(doc.loop_progress.registries.static_color.count, 1);
  t.equal(doc.registries.static_color[0].key, '100,100,150_1.0');
  t.same(doc.registries.static_color[0].depth_breakdown, { gray: 80, teal: 20, opacity: 100 });
  t.equal(doc.registries.static_sound[0].key, '0.3_mid_tone');
  t.equal(doc.registries.narrative[0].key, 'thriller');
  t.equal(doc.coverage.registries.static_color.count, 1);
});

t.test('bad input is a one-line error and a non-zero exit', async (t) => {
  const unknown = await run('coverage', '--nope');
  t.not(unknown.code, 0);
  t.match(unknown.stderr, /unknown option '--nope'/);

  const dir = tempDataDir(t);
  const badConfig = join(dir, '..', 'bad.yaml');
  writeFileSync(badConfig, 'learning:\n  sample_every: zero\n');
  const bad = await run('coverage', '--config', badConfig, '--data', dir);
  t.equal(bad.code, 1);
  t.equal(bad.stderr.trim().split('\n').length, 1);
  t.match(bad.stderr, /^motion-registry: CONFIG_INVALID: invalid configuration: "learning\.sample_every" must be integer/);

  const help = await run('export', '--help');
  t.equal(help.code, 0);
  t.match(help.stdout, /--data <dir>/);
  t.match(help.stdout, /--out <file>/);
});

t.test('extract: JSON report per file, bad files fail alone, exit code 1 when any failed', async (t) => {
  const dataDir = tempDataDir(t);
  const dir = join(dataDir, '..');
  const { makeClip } = await import('../helpers/media.js');
  const clip = await makeClip(dir, 'clip.mov', ['color=c=0x6496C8:s=64x64:d=0.5:r=24,format=rgb24', 'sine=frequency=330:sample_rate=48000:duration=0.5,volume=4'], ['-c:v', 'png', '-c:a', 'pcm_s16le', '-shortest']);
  const bad = join(dir, 'bad.mp4');
  writeFileSync(bad, 'garbage');
  const first = await run('extract', clip, bad, '--json', '--data', dataDir);
  t.equal(first.code, 1);
  t.match(first.stderr, /bad\.mp4: DECODE_FAILED: /);
  const report = JSON.parse(first.stdout);
  const [ok, failed] = report.files;
  t.equal(ok.ok, true);
  t.equal(ok.frames, 12);
  t.equal(ok.new_cells.static_color, 1);
  t.equal(ok.new_cells.static_sound, 1);
  t.ok(ok.new_cells.dynamic > 0, 'window analysis adds dynamic cells');
  const statics = ok.cells.filter((c: { registry: string }) => c.registry.startsWith('static_'));
  t.same(statics.map((c: { key: string; new: boolean; count: number }) => [c.key, c.new, c.count]).sort(), [
    ['0.4_mid_tone', true, 12],
    ['100,150,200_1.0', true, 24],
  ]);
  t.equal(failed.ok, false);
  t.equal(failed.error.code, 'DECODE_FAILED');

  const again = await run('extract', clip, '--json', '--max-frames', '4', '--data', dataDir);
  t.equal(again.code, 0);
  const second = JSON.parse(again.stdout).files[0];
  t.equal(second.frames, 4);
  t.ok(second.cells.filter((c: { registry: string }) => c.registry.startsWith('static_')).every((c: { new: boolean }) => !c.new), 'known cells are not new');

  const table = await run('extract', clip, '--data', dataDir);
  t.match(table.stdout, /clip\.mov\s+12\s+12\s+\d+\s+0\s+0\s+\d+\s+ok/);
  const badFlag = await run('extract', clip, '--sample-every', '0', '--data', dataDir);
  t.not(badFlag.code, 0);
  t.match(badFlag.stderr, /^motion-registry: INPUT_INVALID: option '--sample-every <n>' argument '0' is invalid/);
});

t.test('render: prints the spec it used, --extract records what the clip shows', async (t) => {
  const dataDir = tempDataDir(t);
  const out = join(dataDir, '..', 'clip.mp4');
  const r = await run('render', 'a vertical gradient, static camera, thriller at golden hour, 1 second, 160x96', '--seed', '5', '--out', out, '--extract', '--json', '--data', dataDir);
  t.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  t.equal(result.spec.seed, 5);
  t.equal(result.spec.gradient.type, 'vertical');
  t.equal(result.spec.narrative.genre, 'thriller');
  t.equal(result.spec.narrative.settings, 'golden_hour');
  t.equal(result.file, out);
  t.equal(result.frames, 24);
  t.ok(result.observed.some((o: { domain: string }) => o.domain === 'gradient_type'), 'a gradient was observed');
  t.ok(result.new_cells.some((c: { domain: string; key: string; evidence: string }) => c.domain === 'genre' && c.key === 'thriller' && c.evidence === 'intended'));

  const again = await run('render', '--spec', join(dataDir, '..', 'missing.json'), '--data', dataDir);
  t.equal(again.code, 1);
  t.match(again.stderr, /^motion-registry: INPUT_INVALID: cannot read spec/);
  const badSpec = join(dataDir, '..', 'bad.json');
  writeFileSync(badSpec, JSON.stringify({ ...result.spec, camera: { ...result.spec.camera, motion: 'moonwalk' } }));
  const invalid = await run('render', '--spec', badSpec, '--data', dataDir);
  t.equal(invalid.code, 1);
  t.match(invalid.stderr, /INPUT_INVALID: invalid scene spec: "camera\.motion" must be one of: static, pan/);
  const both = await run('render', 'a prompt', '--spec', badSpec, '--data', dataDir);
  t.match(both.stderr, /either a prompt or --spec/);
  const noPrompt = await run('render', '--data', dataDir);
  t.match(noPrompt.stderr, /give a prompt or --spec FILE/);
});

t.test('render: named values that cannot be shown together are reported as conflicts', async (t) => {
  const dataDir = tempDataDir(t);
  const prompt = 'a silent clip at a fast tempo, 0.5 seconds, 64x36';
  const json = await run('render', prompt, '--seed', '3', '--out', join(dataDir, '..', 'clash.mp4'), '--json', '--data', dataDir);
  t.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout);
  t.same([result.spec.audio.presence, result.spec.audio.tempo], ['silence', 'fast'], 'both named values are rendered');
  t.same(result.conflicts.map((c: { fields: string[]; rendered: string[] }) => [c.fields, c.rendered]), [[['audio.tempo', 'audio.presence'], ['fast', 'silence']]]);
  t.match(result.conflicts[0].why, /no beats/);
  const text = await run('render', prompt, '--seed', '3', '--out', join(dataDir, '..', 'clash-text.mp4'), '--data', dataDir);
  t.match(text.stdout, /^conflict: audio\.tempo fast vs audio\.presence silence: .*no beats/m);
  // Seed 2 draws silence for a prompt that names no sound.
  t.equal(interpret('0.5 seconds, 64x36', { seed: 2 }).audio.presence, 'silence');
  const clear = await run('render', 'a fast tempo, 0.5 seconds, 64x36', '--seed', '2', '--out', join(dataDir, '..', 'clear.mp4'), '--json', '--data', dataDir);
  const held = JSON.parse(clear.stdout);
  t.same(held.conflicts, [], 'nothing named clashes');
  t.equal(held.spec.audio.presence, 'music', 'a named tempo is given beats');
});
