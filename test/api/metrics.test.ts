import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApi } from '../../src/api/server.js';
import type { BusState, PublishOptions } from '../../src/events/bus.js';
import { MemoryBus } from '../../src/events/memory.js';
import { MotionRegistryError } from '../../src/base/errors.js';
import { runLoop } from '../../src/loop/service.js';
import { loadWorkflows } from '../../src/loop/workflows.js';
import { openRegistry } from '../../src/app/record-then-publish.js';
import { testRuntime } from '../helpers/loop.js';
import { makeClip } from '../helpers/media.js';
import { parsePrometheus, sampleValue, type PromFamily, type PromSample } from '../helpers/prometheus.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

const rt = await testRuntime(t);
const app = buildApi({ config: rt.config, actor: rt.actor, bus: rt.bus, runtime: rt, log: rt.log });
t.teardown(() => app.close());

const P = 'motion_registry_';

async function scrape(api = app): Promise<Map<string, PromFamily>> {
  const res = await api.inject('/api/metrics');
  if (res.statusCode !== 200) throw new Error(`GET /api/metrics answered ${res.statusCode}: ${res.body}`);
  return parsePrometheus(res.body);
}

const value = (families: Map<string, PromFamily>, name: string, labels: Record<string, string> = {}) => sampleValue(families, `${P}${name}`, labels);

t.test('process and Node.js runtime metrics, under the service prefix', async (t) => {
  const res = await app.inject('/api/metrics');
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4; charset=utf-8/);
  const families = parsePrometheus(res.body);
  for (const [name, type] of [
    ['process_cpu_user_seconds_total', 'counter'], ['process_cpu_system_seconds_total', 'counter'], ['process_resident_memory_bytes', 'gauge'],
    ['process_open_fds', 'gauge'], ['process_start_time_seconds', 'gauge'], ['nodejs_eventloop_lag_seconds', 'gauge'],
    ['nodejs_heap_size_used_bytes', 'gauge'], ['nodejs_gc_duration_seconds', 'histogram'],
  ]) t.equal(families.get(`${P}${name}`)?.type, type, name);
  t.ok(value(families, 'process_resident_memory_bytes')! > 1 << 20, 'the resident set is measured');
  t.ok(value(families, 'process_open_fds')! > 0, 'open descriptors are counted');
  t.ok(value(families, 'process_cpu_user_seconds_total')! > 0, 'user CPU time is measured');
  t.equal(value(families, 'nodejs_version_info', { version: process.version }), 1);
  t.same([...families.keys()].filter((name) => !name.startsWith(P)), [], 'every metric carries the prefix');

  // Each API has a registry of its own: a second one over the same runtime builds and answers alike.
  const second = buildApi({ config: rt.config, actor: rt.actor, bus: rt.bus, runtime: rt, log: rt.log });
  t.teardown(() => second.close());
  t.same([...(await scrape(second)).keys()].sort(), [...families.keys()].sort());
});

t.test('metrics read from the store keep their names, types and labels, with the values of what was ingested', async (t) => {
  const batch = {
    static_colors: [{ key: '100,100,150_1.0', r: 124.2, g: 124.3, b: 160.4 }, { key: '0,0,25_0.55', r: 10, g: 20, b: 30, opacity: 0.53 }],
    static_sound: [{ key: '0.3_mid_tone', amplitude: 0.3, tone: 'mid', timbre: 'tone', peak_hz: 330 }],
  };
  const res = await app.inject({ method: 'POST', url: '/api/knowledge/discoveries', payload: batch });
  t.equal(res.statusCode, 201, res.body);
  const coverage = await rt.actor.coverage();
  const families = await scrape();

  const types = Object.fromEntries([...families.values()].filter((f) => !/_(process|nodejs)_/.test(f.name)).map((f) => [f.name.slice(P.length), f.type]));
  t.match(types, {
    cells_covered: 'gauge', cells: 'gauge', coverage_pct: 'gauge', cells_by_origin: 'gauge', sound_primitive_coverage_pct: 'gauge',
    narrative_aspect_coverage_pct: 'gauge', dynamic_domain_coverage_pct: 'gauge', space_coverage_pct: 'gauge', space_complete: 'gauge',
    discoveries_total: 'counter', jobs_created_total: 'counter', recent_jobs: 'gauge', recent_jobs_by_mode: 'gauge', recent_jobs_by_strategy: 'gauge',
    precision_pct: 'gauge', discovery_rate_pct: 'gauge', repetition_score: 'gauge', novel_cells_recent: 'gauge', novel_cells_per_job: 'gauge',
    novel_cells_per_video_minute: 'gauge', novel_cells_per_cpu_second: 'gauge', extraction_fps: 'gauge', good_turing: 'gauge', cells_per_hour: 'gauge',
    eta_seconds: 'gauge', loop_controllers: 'gauge', loop_controllers_idle: 'gauge',
  });

  t.equal(value(families, 'cells_covered', { registry: 'static_color' }), 2);
  t.equal(value(families, 'cells_covered', { registry: 'static_sound' }), 1);
  t.equal(value(families, 'cells', { registry: 'static_color' }), 27951);
  t.equal(value(families, 'coverage_pct', { registry: 'static_color' }), coverage.registries.static_color.coverage_pct);
  t.equal(value(families, 'cells_by_origin', { registry: 'static_color', origin: 'ingested' }), 2);
  t.equal(value(families, 'sound_primitive_coverage_pct'), 25, 'tone is one of four sound primitives');
  t.equal(value(families, 'discoveries_total'), coverage.seq);
  t.ok(coverage.seq >= 3);
  t.equal(value(families, 'jobs_created_total'), 0);
  t.equal(value(families, 'recent_jobs', { status: 'done' }), 0);
  t.equal(value(families, 'loop_controllers'), 0);
  const space = coverage.completion.spaces.find((s) => s.space === 'static_color')!;
  t.equal(value(families, 'space_coverage_pct', { space: 'static_color' }), space.coverage_pct);
  t.equal(value(families, 'space_complete', { space: 'static_color' }), 0);
  t.same(families.get(`${P}discovery_rate_pct`)?.samples, [], 'no rate before any finished job');
});

t.test('a loop job is observed in the job duration histogram under its strategy', async (t) => {
  const framesBefore = value(await scrape(), 'extracted_frames_total')!;
  const explorer = { ...loadWorkflows().get('explorer')!, clip_seconds: 1 };
  const [id] = await runLoop(rt, [explorer], { jobs: 1, seed: 1 }).done;
  const job = (await rt.actor.job(id))!;
  t.equal(job.status, 'done', job.error?.message ?? '');
  t.type(job.strategy, 'string');
  const strategy = job.strategy!;

  const families = await scrape();
  t.equal(families.get(`${P}job_duration_seconds`)?.type, 'histogram');
  t.equal(value(families, 'job_duration_seconds_count', { strategy, status: 'done' }), 1);
  t.equal(value(families, 'job_duration_seconds_sum', { strategy, status: 'done' }), job.timings.total_s);
  t.equal(value(families, 'job_duration_seconds_bucket', { strategy, status: 'done', le: '+Inf' }), 1);
  const buckets = families.get(`${P}job_duration_seconds`)!.samples.filter((s) => s.name.endsWith('_bucket'));
  t.same(new Set(buckets.map((s) => s.labels.strategy)), new Set([strategy]), 'no other strategy was observed');
  const le = (s: PromSample) => (s.labels.le === '+Inf' ? Infinity : Number(s.labels.le));
  const bounds = buckets.map(le).sort((a, b) => a - b);
  const holding = bounds.find((le) => le >= job.timings.total_s!)!;
  t.same(buckets.filter((s) => s.value === 1).map(le), bounds.filter((le) => le >= holding), 'counted from the first bucket that holds its duration on');
  t.equal(value(families, 'recent_jobs_by_strategy', { strategy }), 1);
  t.equal(value(families, 'jobs_created_total'), id);
  t.equal(value(families, 'extracted_frames_total')! - framesBefore, job.frames, 'the frames the job extracted are counted');
});

t.test('an upload through the API grows the extraction counters', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'motionreg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const clip = readFileSync(await makeClip(dir, 'solid.mov', ['color=c=0x3264C8:s=64x64:d=0.5:r=24,format=rgb24'], ['-c:v', 'png']));
  const before = await scrape();

  const res = await app.inject({ method: 'POST', url: '/api/extract?name=solid.mov', headers: { 'content-type': 'video/quicktime' }, payload: clip });
  t.equal(res.statusCode, 201, res.body);
  const { frames, seconds } = JSON.parse(res.body) as { frames: number; seconds: number };
  t.equal(frames, 12);
  const after = await scrape();
  const grew = (name: string) => value(after, name)! - value(before, name)!;

  t.equal(after.get(`${P}extracted_frames_total`)?.type, 'counter');
  t.equal(after.get(`${P}extraction_file_fps`)?.type, 'histogram');
  t.equal(grew('extracted_frames_total'), 12);
  t.ok(Math.abs(grew('extraction_seconds_total') - seconds) < 0.001, `extraction seconds grew by the file's ${seconds} s`);
  t.equal(grew('extraction_file_fps_count'), 1);
  t.ok(Math.abs(grew('extraction_file_fps_sum') - frames / seconds) / (frames / seconds) < 0.01, 'the file is observed at its frames per second');
});

/** An in-process bus that can be unplugged: refuses publishes and says so while it is. */
class UnpluggableBus extends MemoryBus {
  unplugged = false;

  override state(): BusState {
    return this.unplugged ? 'disconnected' : super.state();
  }

  override async publish(subject: string, data: unknown, options?: PublishOptions): Promise<void> {
    if (this.unplugged) throw new MotionRegistryError('BUS_UNAVAILABLE', 'unplugged', { subject });
    return super.publish(subject, data, options);
  }
}

t.test('bus gauges follow the bus state and the outbox backlog', async (t) => {
  const config = testConfig(tempDataDir(t));
  const bus = new UnpluggableBus();
  const actor = await openRegistry({ config, bus });
  t.teardown(() => actor.close());
  const api = buildApi({ config, actor, bus });
  t.teardown(() => api.close());

  let families = await scrape(api);
  t.equal(value(families, 'bus_connected', { kind: 'memory' }), 1);
  t.equal(value(families, 'bus_outbox_pending'), 0);
  t.equal(value(families, 'bus_outbox_waiting_seconds'), 0);

  bus.unplugged = true;
  await actor.record([{ registry: 'static_color', r: 10, g: 200, b: 10 }, { registry: 'static_color', r: 200, g: 10, b: 200 }]);
  await new Promise((resolve) => setTimeout(resolve, 30));
  families = await scrape(api);
  t.equal(value(families, 'bus_connected', { kind: 'memory' }), 0);
  t.equal(value(families, 'bus_outbox_pending'), 2, 'both discoveries wait');
  t.ok(value(families, 'bus_outbox_waiting_seconds')! > 0, 'the oldest has been waiting');

  bus.unplugged = false;
  for (let i = 0; i < 100 && actor.delivery()!.pending > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  families = await scrape(api);
  t.equal(value(families, 'bus_connected', { kind: 'memory' }), 1);
  t.equal(value(families, 'bus_outbox_pending'), 0, 'the outbox caught up');
  t.equal(value(families, 'bus_outbox_waiting_seconds'), 0);

  await bus.close();
  t.equal(value(await scrape(api), 'bus_connected', { kind: 'memory' }), 0, 'a closed bus is not connected');
});
