import t from 'tap';
import { Registry } from 'prom-client';
import { METRIC_PREFIX, NO_STRATEGY, RuntimeMetrics } from '../../src/loop/runtime-metrics.js';
import type { JobRecord } from '../../src/registry/jobs.js';

const job = (fields: Partial<JobRecord> & { total_s?: number }): JobRecord =>
  ({ id: 1, status: 'done', strategy: 'explore', ...fields, timings: { total_s: fields.total_s } } as unknown as JobRecord);

async function values(metrics: RuntimeMetrics) {
  const registry = new Registry();
  for (const metric of metrics.metrics()) registry.registerMetric(metric);
  const json = await registry.getMetricsAsJSON();
  return Object.fromEntries(json.map((m) => [m.name, m.values.map((v) => [(v as { metricName?: string }).metricName ?? m.name, v.labels, v.value])]));
}

t.test('names and kinds, registered nowhere until the API registers them', async (t) => {
  t.equal(METRIC_PREFIX, 'motion_registry_');
  t.equal(NO_STRATEGY, 'none');
  const metrics = new RuntimeMetrics();
  t.same(metrics.metrics().map((m) => (m as unknown as { name: string }).name), [
    'motion_registry_job_duration_seconds', 'motion_registry_extracted_frames_total',
    'motion_registry_extraction_seconds_total', 'motion_registry_extraction_file_fps',
  ]);
  t.doesNotThrow(() => new RuntimeMetrics(), 'a second instance does not collide with the first');
});

t.test('a finished job is observed under its strategy and status', async (t) => {
  const metrics = new RuntimeMetrics();
  metrics.jobFinished(job({ total_s: 3 }));
  metrics.jobFinished(job({ total_s: 0.4, status: 'failed', strategy: undefined }));
  metrics.jobFinished(job({ status: 'running', total_s: 9 }));
  metrics.jobFinished(job({ status: 'done' }));
  const got = (await values(metrics)).motion_registry_job_duration_seconds;
  const of = (name: string, labels: Record<string, unknown>) =>
    got.filter(([n, l]) => n === name && Object.entries(labels).every(([k, v]) => (l as Record<string, unknown>)[k] === v)).map(([, , v]) => v);
  t.same(of('motion_registry_job_duration_seconds_count', { strategy: 'explore', status: 'done' }), [1]);
  t.same(of('motion_registry_job_duration_seconds_sum', { strategy: 'explore', status: 'done' }), [3]);
  t.same(of('motion_registry_job_duration_seconds_bucket', { strategy: 'explore', status: 'done', le: 2.5 }), [0]);
  t.same(of('motion_registry_job_duration_seconds_bucket', { strategy: 'explore', status: 'done', le: 5 }), [1]);
  t.same(of('motion_registry_job_duration_seconds_count', { strategy: 'none', status: 'failed' }), [1], 'no strategy: none');
  t.same(of('motion_registry_job_duration_seconds_bucket', { strategy: 'none', status: 'failed', le: 0.5 }), [1]);
  t.same(of('motion_registry_job_duration_seconds_count', { status: 'running' }), [], 'a running job or one without a total is not observed');
  t.equal(of('motion_registry_job_duration_seconds_count', {}).length, 2);
});

t.test('extraction counters and the per-file fps', async (t) => {
  const metrics = new RuntimeMetrics();
  metrics.extracted({ frames: 120, seconds: 2 });
  metrics.extracted({ frames: 20, seconds: 0.5 });
  metrics.extracted({ frames: 0, seconds: 1 });
  metrics.extracted({ frames: 10, seconds: 0 });
  const got = await values(metrics);
  t.same(got.motion_registry_extracted_frames_total, [['motion_registry_extracted_frames_total', {}, 150]]);
  t.same(got.motion_registry_extraction_seconds_total, [['motion_registry_extraction_seconds_total', {}, 3.5]]);
  const fps = got.motion_registry_extraction_file_fps;
  t.same(fps.filter(([n]) => n === 'motion_registry_extraction_file_fps_count').map(([, , v]) => v), [2], 'only files with frames and time');
  t.same(fps.filter(([n]) => n === 'motion_registry_extraction_file_fps_sum').map(([, , v]) => v), [100], '60 fps and 40 fps');
  t.same(fps.filter(([n, l]) => n === 'motion_registry_extraction_file_fps_bucket' && (l as { le: number }).le === 50).map(([, , v]) => v), [1]);
  t.same(fps.filter(([n, l]) => n === 'motion_registry_extraction_file_fps_bucket' && (l as { le: number }).le === 100).map(([, , v]) => v), [2]);
});
