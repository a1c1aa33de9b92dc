import type { CoverageReport } from '../registry/coverage.js';
import { cut } from './terminal.js';

/** Counts, percentages, ratios, durations and dashes: right-aligned. */
const NUMERIC = /^(?:[-+]?\d[\d.,]*(?: ?%| s| min| h| d)?|\d+\/\d+|[-–]|done)$/;

/** Narrower than this, a text column is no longer readable: other columns give way first. */
const MIN_TEXT_WIDTH = 12;

const GAP = '  ';

/**
 * Renders rows as aligned columns; the first row is the header. Numeric columns are right-aligned,
 * text columns left-aligned. Given a `width` (the terminal's, by default, when stdout is one), the
 * widest text column is cut with an ellipsis until the lines fit, then the next widest; whatever is
 * still too wide is cut at the width.
 */
export function columns(rows: string[][], width = process.stdout.isTTY ? process.stdout.columns : undefined): string {
  const cells = rows.map((r) => r.map((cell) => cell.replace(/\s*\n\s*|\t/g, ' ')));
  const count = Math.max(...cells.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = widths.map((_, i) => cells.slice(1).every((r) => NUMERIC.test(r[i] ?? '-')));
  if (width !== undefined) {
    let excess = widths.reduce((a, b) => a + b, 0) + GAP.length * (count - 1) - width;
    while (excess > 0) {
      const text = widths.map((w, i) => ({ w, i })).filter(({ w, i }) => !numeric[i] && w > MIN_TEXT_WIDTH);
      if (text.length === 0) break;
      const widest = text.reduce((a, b) => (b.w > a.w ? b : a));
      const cutBy = Math.min(excess, widest.w - MIN_TEXT_WIDTH);
      widths[widest.i] -= cutBy;
      excess -= cutBy;
    }
  }
  const line = (r: string[]) => r.map((cell, i) => {
    // A path keeps its end (the file's name); other text its start.
    const fitted = /^[^\s/]*\/\S*$/.test(cell) && cell.length > widths[i] ? `…${cell.slice(cell.length - widths[i] + 1)}` : cut(cell, widths[i]);
    return numeric[i] ? fitted.padStart(widths[i]) : fitted.padEnd(widths[i]);
  }).join(GAP).trimEnd();
  return cells.map((r) => (width === undefined ? line(r) : cut(line(r), width))).join('\n');
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
  row('narrative (canonical values)', narrative.count, narrative.cells, narrative.coverage_pct, 'narrative');
  for (const [aspect, a] of Object.entries(narrative.aspects)) row(`  ${aspect}`, a.count, a.origin_size, a.coverage_pct);
  for (const [domain, d] of Object.entries(narrative.combinations)) row(`  ${domain} (combination)`, d.covered, d.size, d.coverage_pct, `narrative.${domain}`);
  const lines = [columns(rows), ''];
  lines.push(report.completion.complete ? 'every space the service completes is complete' : `not complete yet: ${report.completion.spaces
    .filter((s) => s.required && s.count < s.cells).map((s) => `${s.space} ${s.count}/${s.cells}`).join(', ')}`);
  lines.push(`sound primitives missing: ${sound.primitives_missing.join(', ') || 'none'}`);
  lines.push(`narrative minimum aspect coverage: ${pctText(narrative.narrative_min_coverage_pct)}`);
  return lines.join('\n');
}
