import t from 'tap';
import { Counter } from 'prom-client';
import { ServiceRegistry, type FigureMetric } from '../../src/api/prometheus.js';
import { parsePrometheus, sampleValue } from '../helpers/prometheus.js';

interface Figures {
  entries: number;
  published: number;
  byRegistry: Array<[string, number]>;
  missing: number | null;
}

const METRICS: Array<FigureMetric<Figures>> = [
  { name: 'entries', type: 'gauge', help: 'Entries in the store', samples: (f) => f.entries },
  { name: 'published_total', type: 'counter', help: 'Events published', samples: (f) => f.published },
  { name: 'coverage_cells', type: 'gauge', help: 'Covered cells', labels: ['registry'], samples: (f) => f.byRegistry.map(([registry, n]) => [{ registry }, n]) },
  { name: 'lag_seconds', type: 'gauge', help: 'Delivery lag', samples: (f) => f.missing },
];

t.test('figures are read at each scrape, under the service prefix, with their types and labels', async (t) => {
  let figures: Figures = { entries: 3, published: 10, byRegistry: [['static_color', 2], ['dynamic', 1]], missing: 1.5 };
  let reads = 0;
  const jobs = new Counter({ name: 'motion_registry_jobs_total', help: 'Jobs', registers: [] });
  jobs.inc(4);
  const service = new ServiceRegistry(async () => {
    reads++;
    return figures;
  }, METRICS, [jobs]);
  t.match(service.contentType, /^text\/plain; version=0\.0\.4/);
  t.equal(reads, 0, 'nothing is read before a scrape');

  const first = parsePrometheus(await service.text());
  t.equal(reads, 1);
  t.same(['entries', 'published_total', 'coverage_cells', 'lag_seconds', 'jobs_total'].map((n) => {
    const family = first.get(`motion_registry_${n}`);
    return family && [family.type, family.help];
  }), [['gauge', 'Entries in the store'], ['counter', 'Events published'], ['gauge', 'Covered cells'], ['gauge', 'Delivery lag'], ['counter', 'Jobs']]);
  t.equal(sampleValue(first, 'motion_registry_entries'), 3);
  t.equal(sampleValue(first, 'motion_registry_published_total'), 10);
  t.equal(sampleValue(first, 'motion_registry_coverage_cells', { registry: 'static_color' }), 2);
  t.equal(sampleValue(first, 'motion_registry_coverage_cells', { registry: 'dynamic' }), 1);
  t.equal(sampleValue(first, 'motion_registry_lag_seconds'), 1.5);
  t.equal(sampleValue(first, 'motion_registry_jobs_total'), 4, 'counted metrics are registered as they are');
  t.ok(first.has('motion_registry_process_cpu_user_seconds_total'), 'process metrics');
  t.ok(first.has('motion_registry_nodejs_eventloop_lag_seconds'), 'Node.js runtime metrics');
  t.notOk([...first.keys()].some((name) => !name.startsWith('motion_registry_')), 'every family under the prefix');

  figures = { entries: 5, published: 12, byRegistry: [['dynamic', 4]], missing: null };
  const second = parsePrometheus(await service.text());
  t.equal(reads, 2);
  t.equal(sampleValue(second, 'motion_registry_entries'), 5);
  t.equal(sampleValue(second, 'motion_registry_published_total'), 12, 'a counter is set to the current total, not added to');
  t.same(second.get('motion_registry_coverage_cells')?.samples, [{ name: 'motion_registry_coverage_cells', labels: { registry: 'dynamic' }, value: 4 }],
    'label sets no longer given are gone');
  t.same(second.get('motion_registry_lag_seconds')?.samples, [], 'null: listed without samples');
});

t.test('two services in one process do not collide', async (t) => {
  const a = new ServiceRegistry(async () => ({ entries: 1, published: 0, byRegistry: [], missing: null }), METRICS);
  const b = new ServiceRegistry(async () => ({ entries: 2, published: 0, byRegistry: [], missing: null }), METRICS);
  t.equal(sampleValue(parsePrometheus(await a.text()), 'motion_registry_entries'), 1);
  t.equal(sampleValue(parsePrometheus(await b.text()), 'motion_registry_entries'), 2);
});
