import { REGISTRIES, type RegistryName } from '../model/registries.js';
import type { RegistryActor } from '../registry/actor.js';
import type { CoverageReport } from '../registry/coverage.js';
import type { EntryWithCounts } from '../model/records.js';
import { CompletionTargets } from '../model/targets.js';
import { loopProgress, PROGRESS_JOBS, type LoopProgress } from '../loop/metrics.js';
import type { Config } from '../base/config-schema.js';

export interface ExportDocument {
  format: 'motion-registry/export@1';
  generated_at: string;
  seq: number;
  coverage: CoverageReport;
  registries: Record<RegistryName, EntryWithCounts[]>;
  /** Loop metrics over the last PROGRESS_JOBS jobs. */
  loop_progress: LoopProgress;
}

/** One JSON document with every registry's entries, the coverage report and loop progress. */
export async function exportDocument(actor: RegistryActor, config: Config): Promise<ExportDocument> {
  const coverage = await actor.coverage();
  const registries = {} as Record<RegistryName, EntryWithCounts[]>;
  for (const registry of REGISTRIES) registries[registry] = (await actor.entries(registry)).entries;
  const loop_progress = await loopProgress(actor, new CompletionTargets(config), PROGRESS_JOBS);
  return { format: 'motion-registry/export@1', generated_at: new Date().toISOString(), seq: coverage.seq, coverage, registries, loop_progress };
}
