import { REGISTRIES, type RegistryName } from './registry/targets.js';
import type { RegistryActor } from './registry/actor.js';
import type { CoverageReport } from './registry/coverage.js';
import type { EntryWithCounts } from './registry/types.js';

export interface ExportDocument {
  format: 'motion-registry/export@1';
  generated_at: string;
  seq: number;
  coverage: CoverageReport;
  registries: Record<RegistryName, EntryWithCounts[]>;
}

/** One JSON document with every registry's entries and the coverage report. */
export async function exportDocument(actor: RegistryActor): Promise<ExportDocument> {
  const coverage = await actor.coverage();
  const registries = {} as Record<RegistryName, EntryWithCounts[]>;
  for (const registry of REGISTRIES) registries[registry] = (await actor.entries(registry)).entries;
  return { format: 'motion-registry/export@1', generated_at: new Date().toISOString(), seq: coverage.seq, coverage, registries };
}
