/** Prometheus text exposition (format 0.0.4): one HELP and TYPE per metric, then its samples. */

export type Labels = Record<string, string>;

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function sample(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`);
  return `${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${value}`;
}

export class Exposition {
  private readonly lines: string[] = [];

  constructor(private readonly prefix: string) {}

  metric(name: string, type: 'gauge' | 'counter', help: string, samples: Array<[Labels, number]> | number): this {
    const full = `${this.prefix}_${name}`;
    this.lines.push(`# HELP ${full} ${help}`, `# TYPE ${full} ${type}`);
    for (const [labels, value] of typeof samples === 'number' ? [[{}, samples] as [Labels, number]] : samples) this.lines.push(sample(full, labels, value));
    return this;
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
