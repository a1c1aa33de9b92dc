import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { METRIC_PREFIX } from '../loop/runtime-metrics.js';

export type Labels = Record<string, string>;
/** One value, one value per label set, or none (the metric is listed without samples). */
export type Samples = number | null | Array<[Labels, number]>;

/** A metric whose samples are read from the service's figures at each scrape. */
export interface FigureMetric<F> {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  labels?: readonly string[];
  samples(figures: F): Samples;
}

/**
 * The service's Prometheus registry (its own, not prom-client's global one, so several services
 * in one process do not collide): process and Node.js runtime metrics, the metrics a runtime
 * counts as it works, and metrics read from the service's figures (the store, the bus) once per
 * scrape. Counters read that way are totals kept elsewhere, set to the current total.
 */
export class ServiceRegistry<F> {
  readonly registry = new Registry();
  private readonly read: Array<{ metric: Gauge | Counter; samples: FigureMetric<F>['samples'] }>;

  constructor(private readonly figures: () => Promise<F>, metrics: Array<FigureMetric<F>>, counted: Metric[] = []) {
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
    for (const metric of counted) this.registry.registerMetric(metric);
    this.read = metrics.map(({ name, type, help, labels = [], samples }) => {
      const config = { name: `${METRIC_PREFIX}${name}`, help, labelNames: labels, registers: [this.registry] };
      return { metric: type === 'counter' ? new Counter(config) : new Gauge(config), samples };
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text, with the figures read now. */
  async text(): Promise<string> {
    const figures = await this.figures();
    for (const { metric, samples } of this.read) fill(metric, samples(figures));
    return this.registry.metrics();
  }
}

function fill(metric: Gauge | Counter, samples: Samples): void {
  metric.reset();
  if (samples === null) {
    metric.remove({});
    return;
  }
  for (const [labels, value] of typeof samples === 'number' ? [[{}, samples] as [Labels, number]] : samples) {
    if (metric instanceof Counter) metric.inc(labels, value);
    else metric.set(labels, value);
  }
}
