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
  const rows: string[][] = [['registry / part', 'count', 'cells', 'coverage']];
  const row = (name: string, count: number, cells: number, pct: number) => rows.push([name, String(count), String(cells), pctText(pct)]);
  row('static_color', color.count, color.cells, color.coverage_pct);
  row('static_sound (keys)', sound.count, sound.cells, sound.key_coverage_pct);
  row('static_sound (primitives)', sound.primitives_present.length, sound.primitives.length, sound.primitive_coverage_pct);
  row('dynamic (canonical values)', dynamic.count, dynamic.cells, dynamic.coverage_pct);
  for (const [domain, d] of Object.entries(dynamic.domains)) row(`  ${domain}`, d.covered, d.size, d.coverage_pct);
  for (const [domain, d] of Object.entries(dynamic.combinations)) row(`  ${domain} (combination)`, d.covered, d.size, d.coverage_pct);
  row('narrative (origin values)', narrative.count, narrative.cells, narrative.coverage_pct);
  for (const [aspect, a] of Object.entries(narrative.aspects)) row(`  ${aspect}`, a.count, a.origin_size, a.coverage_pct);
  for (const [domain, d] of Object.entries(narrative.combinations)) row(`  ${domain} (combination)`, d.covered, d.size, d.coverage_pct);
  const lines = [columns(rows), ''];
  lines.push(`sound primitives missing: ${sound.primitives_missing.join(', ') || 'none'}`);
  lines.push(`narrative minimum aspect coverage: ${pctText(narrative.narrative_min_coverage_pct)}`);
  return lines.join('\n');
}
