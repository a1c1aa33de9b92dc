import t from 'tap';
import { jobMetrics } from '../../src/loop/metrics.js';
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
