import type { CoverageReport } from '../registry/coverage.js';

/** Renders rows as aligned columns; the first row is the header. */
export function columns(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd()).join('\n');
}

const pctText = (v: number) => `${v.toFixed(2)} %`;

/** The coverage report as a readable table. */
export function coverageTable(report: CoverageReport): string {
  const { static_color: color, static_sound: sound, dynamic, narrative } = report.registries;
  const spaces = new Map(report.completion.spaces.map((s) => [s.space, s]));
  const status = (space?: string) => {
    const s = space === undefined ? undefined : spaces.get(space);
    if (!s) return '';
    if (s.completed_at !== null) return 'complete';
    return s.required ? 'in progress' : 'not a target';
  };
  const rows: string[][] = [['registry / part', 'count', 'cells', 'coverage', 'status']];
  const row = (name: string, count: number, cells: number, pct: number, space?: string) => rows.push([name, String(count), String(cells), pctText(pct), status(space)]);
  row('static_color', color.count, color.cells, color.coverage_pct, 'static_color');
  row('static_sound (keys)', sound.count, sound.cells, sound.key_coverage_pct, 'static_sound');
  row('static_sound (primitives)', sound.primitives_present.length, sound.primitives.length, sound.primitive_coverage_pct);
  row('dynamic (canonical values)', dynamic.count, dynamic.cells, dynamic.coverage_pct, 'dynamic');
  for (const [domain, d] of Object.entries(dynamic.domains)) row(`  ${domain}`, d.covered, d.size, d.coverage_pct);
  for (const [domain, d] of Object.entries(dynamic.combinations)) row(`  ${domain} (combination)`, d.covered, d.size, d.coverage_pct, `dynamic.${domain}`);
  row('narrative (origin values)', narrative.count, narrative.cells, narrative.coverage_pct, 'narrative');
  for (const [aspect, a] of Object.entries(narrative.aspects)) row(`  ${aspect}`, a.count, a.origin_size, a.coverage_pct);
  for (const [domain, d] of Object.entries(narrative.combinations)) row(`  ${domain} (combination)`, d.covered, d.size, d.coverage_pct, `narrative.${domain}`);
  const lines = [columns(rows), ''];
  lines.push(report.completion.complete ? 'every space the service completes is complete' : `not complete yet: ${report.completion.spaces
    .filter((s) => s.required && s.count < s.cells).map((s) => `${s.space} ${s.count}/${s.cells}`).join(', ')}`);
  lines.push(`sound primitives missing: ${sound.primitives_missing.join(', ') || 'none'}`);
  lines.push(`narrative minimum aspect coverage: ${pctText(narrative.narrative_min_coverage_pct)}`);
  return lines.join('\n');
}
