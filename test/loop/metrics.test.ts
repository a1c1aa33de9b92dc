import t from 'tap';
import { jobMetrics, loopProgress } from '../../src/loop/metrics.js';
import { coveringObservations } from '../helpers/coverage.js';
import { testRuntime } from '../helpers/loop.js';
import type { JobRecord } from '../../src/registry/jobs.js';

let id = 0;
const job = (patch: Partial<JobRecord>): JobRecord => ({
  id: ++id, workflow: 'explorer', mode: 'explore', template: `t${id}`, spec: {}, prompt: `p${id}`, seed: id, targets: [],
  status: 'done', created_at: '', timings: { total_s: 2 }, video_seconds: 3, cpu_seconds: 2, frames: 36, extraction_fps: 100,
  new_cells: {}, new_observed: {}, coverage_gain: {}, hits: {}, ...patch,
});

t.test('discovery rate, precision, repetition, novelty rates and hit rates from stored jobs', async (t) => {
  const m = jobMetrics([
    job({ new_cells: { static_color: 10, dynamic: 2 }, targets: [{ registry: 'dynamic', domain: 'camera_motion', key: 'pan' }, { registry: 'dynamic', domain: 'gradient_type', key: 'radial' }], hits: { dynamic: 1 } }),
    job({ new_cells: { narrative: 6 }, mode: 'exploit', template: 'same', extraction_fps: 200 }),
    job({ template: 'same', mode: 'exploit', extraction_fps: 300 }),
    job({ status: 'failed', template: 'same', cpu_seconds: 1 }),
    job({ status: 'running' }),
  ]);
  t.same([m.jobs, m.done, m.failed, m.running], [5, 3, 1, 1]);
  t.equal(m.precision_pct, 75, '3 of 4 finished jobs have a learning run');
  t.equal(m.discovery_rate_pct, 50, '2 of 4 finished jobs found something');
  t.equal(m.repetition_score, 0.4, '3 templates over 5 jobs');
  t.same(m.modes, { explore: 3, exploit: 2, sweep: 0, manual: 0 });
  t.same(m.novel_cells, { total: 18, per_job: 6, per_video_minute: 120, per_cpu_second: 2.571 });
  t.equal(m.extraction_fps, 200, 'median');
  t.same(m.hit_rate, { dynamic: { aimed: 2, hits: 1, rate: 0.5 } });
});

t.test('no jobs: nothing to divide by', async (t) => {
  const m = jobMetrics([]);
  t.equal(m.discovery_rate_pct, null);
  t.equal(m.novel_cells.per_cpu_second, 0);
  t.equal(m.repetition_score, 0);
});

t.test('projections per space: an ETA is never 0 while a cell is missing, and a space that is not moving says why', async (t) => {
  const rt = await testRuntime(t, { completion: { spaces: ['gradient_camera', 'sound_tempo_mood_presence'] } });
  await rt.actor.record(coveringObservations(rt.targets, ['static_sound', 'dynamic/gradient_camera', 'narrative/genre_mood_themes']));
  const units = rt.targets.domain('dynamic', 'gradient_camera')!.units;
  await rt.actor.record(units.slice(1).map((value) => ({ registry: 'dynamic' as const, domain: 'gradient_camera', value })));
  const stored = async (patch: Partial<JobRecord>) => {
    const created = await rt.actor.createJob({ workflow: 'complete', mode: 'explore', spec: {}, prompt: 'p', seed: 1, targets: [], video_seconds: 3, ...patch });
    await rt.actor.finishJob(created.id, { status: 'done', timings: { total_s: 600 }, cpu_seconds: 1, gained: patch.gained ?? {} });
  };
  await stored({ strategy: 'fill_gradient_camera', gained: { 'dynamic.gradient_camera': 63 } });
  await stored({ strategy: 'explore', targets: [{ registry: 'static_color', domain: 'color', key: '0,0,0_1.0' }] });
  const p = await loopProgress(rt.actor, rt.targets, 10);
  const gc = p.spaces['dynamic.gradient_camera'];
  t.equal(gc.count, 63);
  t.equal(gc.state, 'moving');
  t.ok(gc.eta_seconds !== null && gc.eta_seconds >= 1, `one cell left: ETA ${gc.eta_seconds} s, not 0`);
  t.equal(p.registries.static_color.state, 'complete');
  t.equal(p.registries.static_color.eta_seconds, 0);
  t.equal(p.registries.static_sound.state, 'stalled');
  t.equal(p.registries.static_sound.why, 'none of the last 2 jobs aimed at it: run the complete workflow (npm start), which picks the strategy that fills it');
  t.match(p.spaces['narrative.genre_mood_themes'].why, /^not a completion target/);
  t.same(p.strategies, { fill_gradient_camera: 1, explore: 1 });
});
