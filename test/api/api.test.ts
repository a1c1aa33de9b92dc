import t from 'tap';
import { get, type IncomingMessage } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { VALUES, narrativeValues } from '../../src/base/values.js';
import { neutralSpec } from '../../src/create/spec.js';
import { buildApi } from '../../src/api/server.js';
import { DYNAMIC_LISTS } from '../../src/api/ingest.js';
import { runLoop } from '../../src/loop/service.js';
import { loadWorkflows } from '../../src/loop/workflows.js';
import type { Observation } from '../../src/model/records.js';
import { testRuntime } from '../helpers/loop.js';
import { makeClip } from '../helpers/media.js';

const rt = await testRuntime(t);
const app = buildApi({ config: rt.config, actor: rt.actor, bus: rt.bus, runtime: rt, log: rt.log, maxUploadBytes: 1 << 20 });

const [genre, otherGenre] = narrativeValues('genre');
const BATCH = {
  static_colors: [{ key: '100,100,150_1.0', r: 124.2, g: 124.3, b: 160.4 }, { key: '0,0,25_0.55', r: 10, g: 20, b: 30, opacity: 0.53, job_id: 7 }],
  static_sound: [{ key: '0.3_mid_tone', amplitude: 0.3, tone: 'mid', timbre: 'tone', peak_hz: 330 }],
  narrative: { genre: [{ key: genre }, { key: otherGenre.toUpperCase(), value: otherGenre }] },
  camera: [{ key: 'pan_medium_stable', value: 'pan', speed: 'medium', steadiness: 'stable' }],
  motion: [{ key: 'fast', domain: 'motion_speed', value: 'fast' }],
  graphics: [{ key: 'anything' }],
  not_a_list: 3,
};

const json = (res: { body: string }) => JSON.parse(res.body);
const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });
const seqOf = async () => (await rt.actor.coverage()).seq;

t.test('every dynamic domain and combination space is reachable through exactly one batch list', async (t) => {
  const mapped = Object.values(DYNAMIC_LISTS).flat().sort();
  t.same(mapped, [...Object.keys(VALUES.dynamic_domains), ...Object.keys(VALUES.dynamic_combinations)].sort());
});

t.test('health and coverage', async (t) => {
  const health = await app.inject('/health');
  t.equal(health.statusCode, 200);
  t.match(json(health), { status: 'ok', bus: { kind: 'memory', state: 'connected', pending: 0 }, seq: 0 });

  const res = await app.inject('/api/registries/coverage');
  t.equal(res.statusCode, 200);
  const { registries } = json(res);
  t.match(registries.static_color, { count: 0, cells: 27951, coverage_pct: 0, complete: String });
  t.same(registries.static_sound.primitives_missing, ['silence', 'rumble', 'tone', 'hiss']);
  t.match(registries.narrative.aspects.genre, { count: 0, origin_size: narrativeValues('genre').length, coverage_pct: 0 });
  t.match(registries.dynamic.domains.gradient_type, { covered: 0, size: 4, missing: ['vertical', 'horizontal', 'radial', 'angled'] });
});

t.test('a batch is recorded with origin ingested; the same batch again finds nothing new', async (t) => {
  const res = await post('/api/knowledge/discoveries', BATCH);
  t.equal(res.statusCode, 201, res.body);
  t.same(json(res), {
    status: 'recorded',
    batch: 1,
    results: { static_colors: 2, static_sound: 1, narrative: 2, camera: 1, motion: 1 },
    novel: { static_colors: 2, static_sound: 1, narrative: 2, camera: 1, motion: 1 },
    items_processed: 7,
    ignored: ['graphics', 'not_a_list'],
  });
  const coverage = json(await app.inject('/api/registries/coverage')).registries;
  t.equal(coverage.static_color.by_origin.ingested, 2);
  t.equal(coverage.static_color.count, 2, 'ingested records count as observed');
  t.same(coverage.static_sound.primitives_present, ['tone']);

  const entry = await rt.actor.entry('static_color', 'color', '0,0,25_0.55');
  t.equal(entry?.first_seen.observed?.origin, 'ingested');
  t.equal(entry?.first_seen.observed?.source.job_id, '7');

  const again = json(await post('/api/knowledge/discoveries', BATCH));
  t.same(again.novel, { static_colors: 0, static_sound: 0, narrative: 0, camera: 0, motion: 0 });
  t.equal(again.batch, 2, 'each batch is kept, new cells or not');
  t.equal(again.items_processed, 7);
});

t.test('a batch with a bad item is refused whole with 400, naming the item', async (t) => {
  const before = await seqOf();
  const fresh = { key: '250,250,250_1.0', r: 250, g: 250, b: 250 };

  const schemaBad = await post('/api/knowledge/discoveries', { static_colors: [fresh, { key: 'x', r: 300, g: 0 }] });
  t.equal(schemaBad.statusCode, 400);
  const body = json(schemaBad);
  t.equal(body.error.code, 'INPUT_INVALID');
  t.match(body.error.message, /body\/static_colors\/1 must have required property 'b'/);
  t.match(body.error.message, /body\/static_colors\/1\/r must be <= 255/);

  const registryBad = await post('/api/knowledge/discoveries', { static_colors: [fresh], narrative: { genre: [{ key: 'bad\u0001key' }] } });
  t.equal(registryBad.statusCode, 400);
  t.match(json(registryBad).error, { code: 'OBSERVATION_INVALID', message: /^narrative\[0\]: "key"/, details: { list: 'narrative', index: 0 } });

  for (const payload of [[fresh], { narrative: { plot_twist: [{ key: 'a' }] } }, { camera: [{ key: 'pan', value: 'pan', speed: 'warp' }] }, { motion: [{ key: 'fast', value: 'fast' }] }]) {
    const res = await post('/api/knowledge/discoveries', payload);
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.equal(json(res).error.code, 'INPUT_INVALID');
  }
  const malformed = await app.inject({ method: 'POST', url: '/api/knowledge/discoveries', headers: { 'content-type': 'application/json' }, payload: '{"static_colors": [' });
  t.equal(malformed.statusCode, 400);
  t.equal(json(malformed).error.code, 'INPUT_INVALID');
  t.equal(await seqOf(), before, 'nothing written');
});

t.test('entries: unknown registry, paging and filters', async (t) => {
  const unknown = await app.inject('/api/registries/static_colour');
  t.equal(unknown.statusCode, 404);
  t.match(json(unknown).error, { code: 'REGISTRY_UNKNOWN', message: /static_color, static_sound, dynamic, narrative/ });

  const reds: Observation[] = [[200, 30, 30], [230, 20, 20], [180, 10, 10]].map(([r, g, b]) => ({ registry: 'static_color', r, g, b }));
  await rt.actor.record([...reds, { registry: 'static_color', r: 30, g: 200, b: 30 }]);

  const all = json(await app.inject('/api/registries/static_color'));
  t.equal(all.total, 6);
  const page = json(await app.inject('/api/registries/static_color?offset=1&limit=2'));
  t.match(page, { registry: 'static_color', total: 6, offset: 1, limit: 2 });
  t.same(page.entries.map((e: { key: string }) => e.key), all.entries.slice(1, 3).map((e: { key: string }) => e.key));

  const red = json(await app.inject('/api/registries/static_color?family=red'));
  t.equal(red.total, 3);
  t.ok(red.entries.every((e: { family: string }) => e.family === 'red'));
  const deepRed = json(await app.inject(`/api/registries/static_color?family=red&shade=${red.entries[0].shade}`));
  t.ok(deepRed.total >= 1 && deepRed.total <= 3);

  const genres = json(await app.inject('/api/registries/narrative?aspect=genre'));
  t.same(genres.entries.map((e: { key: string }) => e.key).sort(), [genre, otherGenre].sort());

  for (const query of ['limit=0', 'limit=5000', 'offset=-1', 'colour=red']) {
    const res = await app.inject(`/api/registries/static_color?${query}`);
    t.equal(res.statusCode, 400, query);
    t.equal(json(res).error.code, 'INPUT_INVALID');
  }
});

t.test('learning runs', async (t) => {
  const res = await post('/api/learning', { prompt: 'a slow pan over a red dusk', new_cells: 3, observations: 40, cells: 12, reward: 1.5 });
  t.equal(res.statusCode, 201, res.body);
  t.match(json(res), { seq: Number, job_id: null, workflow: 'manual', mode: 'manual', new_cells: 3, reward: 1.5, at: String });

  t.equal((await post('/api/learning', { prompt: 'x', new_cells: -1 })).statusCode, 400);
  t.equal((await post('/api/learning', { new_cells: 1 })).statusCode, 400);
  const noJob = await post('/api/learning', { prompt: 'x', new_cells: 1, job_id: 999 });
  t.equal(noJob.statusCode, 404);
  t.equal(json(noJob).error.code, 'NOT_FOUND');

  const runs = json(await app.inject('/api/learning/runs?last=1')).runs;
  t.equal(runs.length, 1);
  t.equal(runs[0].prompt, 'a slow pan over a red dusk');
});

t.test('loop config: read, change in memory, refuse bad values', async (t) => {
  t.equal(json(await app.inject('/api/loop/config')).exploit_ratio, 0.5);

  const res = await post('/api/loop/config', { exploit_ratio: 0.8, narrative_probability: 0.1 });
  t.equal(res.statusCode, 200, res.body);
  t.match(json(res), { exploit_ratio: 0.8, narrative_probability: 0.1, recent_jobs: 20 });
  t.equal(rt.config.loop.exploit_ratio, 0.8, 'the running service reads the new value');

  for (const payload of [{ exploit_ratio: 2 }, { exploit_ratio: '0.3' }, { exploit_rate: 0.3 }, {}, { width: 101 }]) {
    const bad = await post('/api/loop/config', payload);
    t.equal(bad.statusCode, 400, JSON.stringify(payload));
    t.equal(json(bad).error.code, 'INPUT_INVALID');
  }
  t.equal(rt.config.loop.exploit_ratio, 0.8, 'unchanged by refused values');
  await post('/api/loop/config', { exploit_ratio: 0.5, narrative_probability: 0.2 });
});

t.test('jobs: listing, 404, and a job started over HTTP runs to done', async (t) => {
  t.same(json(await app.inject('/api/jobs')), { jobs: [] });
  const missing = await app.inject('/api/jobs/999');
  t.equal(missing.statusCode, 404);
  t.equal(json(missing).error.code, 'NOT_FOUND');
  t.equal((await app.inject('/api/jobs/abc')).statusCode, 400);
  t.equal((await app.inject('/api/jobs?status=lost')).statusCode, 400);

  for (const payload of [{}, { prompt: 'x', spec: {} }, { prompt: '   ' }, { spec: { version: 1 } }]) {
    const bad = await post('/api/jobs', payload);
    t.equal(bad.statusCode, 400, JSON.stringify(payload));
    t.equal(json(bad).error.code, 'INPUT_INVALID');
  }

  const spec = neutralSpec({ duration: 1, width: 128, height: 72, fps: 12, gradient: { type: 'radial', angle: 45 } });
  const res = await post('/api/jobs', { spec, seed: 5 });
  t.equal(res.statusCode, 202, res.body);
  const started = json(res);
  t.match(started, { id: Number, status: 'running', seed: 5 });
  t.equal(res.headers.location, `/api/jobs/${started.id}`);

  let job = json(await app.inject(`/api/jobs/${started.id}`));
  for (let i = 0; i < 300 && job.status === 'running'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    job = json(await app.inject(`/api/jobs/${started.id}`));
  }
  t.equal(job.status, 'done', job.error?.message ?? '');
  t.match(job, { workflow: 'api', spec: { gradient: { type: 'radial' } }, seed: 5 });
  t.ok((job.new_cells.static_color ?? 0) > 0, 'the clip was extracted and recorded');

  const done = json(await app.inject('/api/jobs?status=done&workflow=api')).jobs;
  t.same(done.map((j: { id: number }) => j.id), [started.id]);
  t.notOk('spec' in done[0], 'listings leave out the spec');
  const runs = json(await app.inject('/api/learning/runs')).runs;
  t.equal(runs[0].job_id, started.id);
  t.match(json(await app.inject('/api/loop/status')), { running: false, stopping: false, controllers: [], jobs: { api: { done: 1, running: 0 } } });
});

t.test('metrics in Prometheus text', async (t) => {
  const res = await app.inject('/api/metrics');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain; version=0.0.4/);
  const cells = (await rt.actor.coverage()).registries.static_color.count;
  t.match(res.body, `# TYPE motion_registry_coverage_pct gauge\n`);
  t.match(res.body, `\nmotion_registry_cells_covered{registry="static_color"} ${cells}\n`);
  t.match(res.body, '\nmotion_registry_cells{registry="static_color"} 27951\n');
  t.match(res.body, '\nmotion_registry_cells_by_origin{registry="static_color",origin="ingested"} 2\n');
  t.match(res.body, /\nmotion_registry_narrative_aspect_coverage_pct\{aspect="genre"\} \d/);
  t.match(res.body, `\nmotion_registry_discoveries_total ${await seqOf()}\n`);
  t.match(res.body, '\nmotion_registry_recent_jobs{status="done"} 1\n');
  t.match(res.body, '\nmotion_registry_jobs_created_total 1\n');
  t.match(res.body, /\nmotion_registry_discovery_rate_pct 100\n/);
});

t.test('extract: upload a clip, get its new cells', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'motionreg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const clip = readFileSync(await makeClip(dir, 'solid.mov', ['color=c=0x6496C8:s=64x64:d=0.5:r=24,format=rgb24'], ['-c:v', 'png']));

  const res = await app.inject({ method: 'POST', url: '/api/extract?name=../solid%20clip.mov', headers: { 'content-type': 'video/quicktime' }, payload: clip });
  t.equal(res.statusCode, 201, res.body);
  const body = json(res);
  t.match(body, { file: 'solid_clip.mov', frames: 12 });
  t.same(body.new_cells.filter((c: { registry: string }) => c.registry === 'static_color').map((c: { key: string }) => c.key), ['100,150,200_1.0']);
  const entry = await rt.actor.entry('static_color', 'color', '100,150,200_1.0');
  t.equal(entry?.first_seen.observed?.source.file, 'solid_clip.mov');

  const again = json(await app.inject({ method: 'POST', url: '/api/extract', headers: { 'content-type': 'application/octet-stream' }, payload: clip }));
  t.same(again.new_cells, [], 'the same file again finds nothing new');

  const big = await app.inject({ method: 'POST', url: '/api/extract', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(2 << 20) });
  t.equal(big.statusCode, 413);
  t.equal(json(big).error.code, 'INPUT_TOO_LARGE');
  const chunks = Readable.from([Buffer.alloc(1 << 19), Buffer.alloc(1 << 19), Buffer.alloc(1 << 19)]);
  const streamed = await app.inject({ method: 'POST', url: '/api/extract', headers: { 'content-type': 'application/octet-stream' }, payload: chunks });
  t.equal(streamed.statusCode, 413, 'a body of no declared length is cut at the limit');
  const notMedia = await post('/api/extract', { file: 'x' });
  t.equal(notMedia.statusCode, 400);
  const garbage = await app.inject({ method: 'POST', url: '/api/extract?name=garbage.mp4', headers: { 'content-type': 'video/mp4' }, payload: Buffer.from('not a video') });
  t.equal(garbage.statusCode, 422);
  t.equal(json(garbage).error.code, 'DECODE_FAILED');
  t.match(json(garbage).error.message, /garbage\.mp4: /, 'the message names the upload');
  t.notMatch(garbage.body, /\/tmp\/|motionreg-upload|0x[0-9a-f]{6}/, 'and no server path or memory address');
});

t.test('unknown routes answer in the error shape', async (t) => {
  const res = await app.inject('/api/nothing');
  t.equal(res.statusCode, 404);
  t.same(json(res), { error: { code: 'NOT_FOUND', message: 'no route GET /api/nothing' } });
});

/** Reads an event stream until `done` says its text so far is enough. */
function readEvents(url: string, headers: Record<string, string>, done: (text: string) => boolean): Promise<{ text: string; response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        if (done(text)) {
          req.destroy();
          resolve({ text, response });
        }
      });
    });
    req.on('error', (err) => { if (!req.destroyed) reject(err); });
  });
}

t.test('events: live discoveries, and the ones missed since Last-Event-ID', async (t) => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/events`;
  const lastSeq = await seqOf();

  const live = readEvents(url, {}, (text) => text.includes('event: discovery'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal((await post('/api/knowledge/discoveries', { static_colors: [{ key: '250,0,0_1.0', r: 251, g: 1, b: 1 }] })).statusCode, 201);
  const { text, response } = await live;
  t.match(response.headers['content-type'], /^text\/event-stream/);
  const frame = /event: discovery\nid: (\d+)\ndata: (.*)\n\n/.exec(text);
  t.ok(frame, text);
  t.equal(Number(frame![1]), lastSeq + 1);
  t.match(JSON.parse(frame![2]), { subject: 'registry.discovery.static_color.color', data: { key: '250,0,0_1.0', origin: 'ingested' } });

  const replay = await readEvents(url, { 'last-event-id': String(lastSeq - 1) }, (text) => (text.match(/event: discovery/g) ?? []).length >= 2);
  t.same([...replay.text.matchAll(/id: (\d+)/g)].map((m) => Number(m[1])), [lastSeq, lastSeq + 1]);
});

t.test('loop status follows the controllers it was given', async (t) => {
  const explorer = { ...loadWorkflows().get('explorer')!, clip_seconds: 1 };
  const loop = runLoop(rt, [explorer], { jobs: 1, seed: 1 });
  const withLoop = buildApi({ config: rt.config, actor: rt.actor, bus: rt.bus, loop, log: rt.log });
  const status = async () => json(await withLoop.inject('/api/loop/status'));
  t.match(await status(), { running: true, stopping: false, controllers: [{ workflow: 'explorer', exploit_ratio: 0, extraction_focus: 'all' }] });
  loop.stop();
  t.match(await status(), { running: true, stopping: true });
  await loop.done;
  t.match(await status(), { running: false, stopping: false, controllers: [{ workflow: 'explorer', jobs: { running: 0 } }] });

  for (const payload of [{}, { jobs: 0 }, { jobs: 1001 }, { jobs: 1.5 }, { jobs: 1, strategy: 'color_sweep' }, { jobs: 1, extra: true }]) {
    const bad = await withLoop.inject({ method: 'POST', url: '/api/loop/work', payload });
    t.equal(bad.statusCode, 400, JSON.stringify(payload));
    t.equal(json(bad).error.code, 'INPUT_INVALID');
  }
  const noLoop = await app.inject({ method: 'POST', url: '/api/loop/work', payload: { jobs: 1 } });
  t.equal(noLoop.statusCode, 503, 'more work needs loop controllers in this process');
  t.equal(json(noLoop).error.code, 'UNAVAILABLE');

  const jobs = await withLoop.inject({ method: 'POST', url: '/api/jobs', payload: { prompt: 'a red square' } });
  t.equal(jobs.statusCode, 503, 'without a runtime, jobs cannot run');
  t.equal(json(jobs).error.code, 'UNAVAILABLE');
  await withLoop.close();
});

t.test('closing ends open event streams', async (t) => {
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/events`;
  const ended = new Promise<string>((resolve, reject) => {
    get(url, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => resolve(text));
    }).on('error', reject);
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  await app.close();
  t.match(await ended, ': connected');
});
