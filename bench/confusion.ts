/**
 * Confusion matrices of the precision benches: intended value → observed label → count, the
 * recall of every intended value, and the printed table.
 */
export type Matrix = Record<string, Record<string, number>>;

export interface DomainReport {
  /** Correct / counted over every intended value. */
  accuracy: number;
  recall: Record<string, number>;
  matrix: Matrix;
}

export function tally(matrix: Matrix, intended: string, observed: string, count = 1): void {
  const row = (matrix[intended] ??= {});
  row[observed] = (row[observed] ?? 0) + count;
}

export function summarize(values: readonly string[], matrix: Matrix): DomainReport {
  const recall: Record<string, number> = {};
  let hits = 0;
  let total = 0;
  for (const value of values) {
    const row = matrix[value] ?? {};
    const n = Object.values(row).reduce((a, b) => a + b, 0);
    recall[value] = n === 0 ? 0 : Number(((row[value] ?? 0) / n).toFixed(3));
    hits += row[value] ?? 0;
    total += n;
  }
  return { accuracy: total === 0 ? 0 : Number((hits / total).toFixed(3)), recall, matrix };
}

export function printMatrix(domain: string, values: readonly string[], report: DomainReport): void {
  const labels = [...new Set([...values, ...Object.values(report.matrix).flatMap((r) => Object.keys(r))])];
  console.log(`\n${domain}: accuracy ${report.accuracy}`);
  console.log(['intended \\ observed', ...labels].join('\t'));
  for (const value of values) console.log([value, ...labels.map((l) => String(report.matrix[value]?.[l] ?? 0)), `recall ${report.recall[value]}`].join('\t'));
}

/** `domain.value=recall` of every value under `bar`. */
export function below(reports: Record<string, DomainReport>, bar: number): string[] {
  return Object.entries(reports).flatMap(([d, r]) => Object.entries(r.recall).filter(([, v]) => v < bar).map(([v, x]) => `${d}.${v}=${x}`));
}
