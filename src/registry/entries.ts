import type { Evidence } from '../base/values.js';
import { cellId, cellPair, joinId as id, SEP } from '../model/keys.js';
import { declaredName, nameFor } from '../model/names.js';
import type { CompletionTargets } from '../model/targets.js';
import type { RegistryName } from '../model/registries.js';
import type { Entry, EntryWithCounts, Origin } from '../model/records.js';
import { MAX_PROMPTS } from './batch.js';
import { entryFacts } from './describe.js';
import type { NormalizedObservation } from './observation.js';
import { under, type StoreTables } from './tables.js';

export interface EntryQuery {
  domain?: string;
  family?: string;
  shade?: string;
  offset?: number;
  limit?: number;
}

/** Entries (one per cell, with its first sighting per evidence) and the record counts of their pairs. */
export class EntryTable {
  constructor(private readonly tables: StoreTables, private readonly targets: CompletionTargets) {}

  /** Creates a cell's entry, or adds the sighting of a new evidence to it (inside a write transaction). */
  discover(cell: string, first: NormalizedObservation, prompts: string[], at: string, seq: number): Entry {
    const seen = { origin: first.origin, source: first.source, at, seq };
    let entry = this.tables.entries.get(cell);
    if (entry) {
      entry = { ...entry, first_seen: { ...entry.first_seen, [first.evidence]: seen } };
    } else {
      // Declared names are one-to-one by construction; only names of keys outside the space need a tie-break.
      let name = declaredName(first.registry, first.domain, first.key);
      if (name === null) {
        name = nameFor(first.registry, first.domain, first.key, (n) => this.tables.names.get(id(first.registry, n)) !== undefined);
        this.tables.names.put(id(first.registry, name), cell);
      }
      entry = {
        registry: first.registry, domain: first.domain, key: first.key, name,
        unit: this.targets.unitOf(first.registry, first.domain, first.key),
        fields: first.fields, ...entryFacts(first),
        first_seen: { [first.evidence]: seen }, prompts: [],
      };
    }
    entry.prompts = mergePrompts(entry.prompts, prompts);
    this.tables.entries.put(cell, entry);
    return entry;
  }

  addPrompts(cell: string, prompts: string[]): void {
    const entry = this.tables.entries.get(cell);
    if (!entry || entry.prompts.length >= MAX_PROMPTS) return;
    const merged = mergePrompts(entry.prompts, prompts);
    if (merged.length !== entry.prompts.length) this.tables.entries.put(cell, { ...entry, prompts: merged });
  }

  /** Gives the first sighting of an evidence another origin. */
  reattribute(cell: string, entry: Entry, evidence: Evidence, origin: Origin): void {
    const sighting = entry.first_seen[evidence]!;
    this.tables.entries.put(cell, { ...entry, first_seen: { ...entry.first_seen, [evidence]: { ...sighting, origin } } });
  }

  /** Takes an evidence's sighting out of an entry; an entry left with none goes, and its name is freed. */
  forget(cell: string, entry: Entry, evidence: Evidence): void {
    const { [evidence]: _undone, ...firstSeen } = entry.first_seen;
    if (Object.keys(firstSeen).length > 0) {
      this.tables.entries.put(cell, { ...entry, first_seen: firstSeen });
      return;
    }
    this.tables.entries.remove(cell);
    if (declaredName(entry.registry, entry.domain, entry.key) === null) this.tables.names.remove(id(entry.registry, entry.name));
  }

  /** Entries of a registry with their counts, in key order, filtered and paged. */
  list(registry: RegistryName, query: EntryQuery = {}): { total: number; entries: EntryWithCounts[] } {
    const range = query.domain ? under(registry, query.domain) : under(registry);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? Infinity;
    const page: EntryWithCounts[] = [];
    let total = 0;
    for (const { key, value } of this.tables.entries.getRange(range)) {
      if (query.family && value.family !== query.family) continue;
      if (query.shade && value.shade !== query.shade) continue;
      if (total >= offset && page.length < limit) page.push(this.withCounts(key, value));
      total += 1;
    }
    return { total, entries: page };
  }

  get(registry: RegistryName, domain: string, key: string): EntryWithCounts | undefined {
    const cell = cellId(registry, domain, key);
    const entry = this.tables.entries.get(cell);
    return entry && this.withCounts(cell, entry);
  }

  private withCounts(cell: string, entry: Entry): EntryWithCounts {
    const counts = { observed: this.tables.counts.get(cellPair(cell, 'observed')) ?? 0, intended: this.tables.counts.get(cellPair(cell, 'intended')) ?? 0 };
    return { ...entry, count: counts.observed + counts.intended, counts };
  }

  /**
   * Record counts of one evidence per unit of a domain, for units that have any (observed
   * evidence includes ingested records): what the loop reads to aim at missing and rare cells.
   */
  unitCounts(registry: RegistryName, domain: string, evidence: Evidence = 'observed'): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { key, value } of this.tables.entries.getRange(under(registry, domain))) {
      if (value.unit === null) continue;
      const count = this.tables.counts.get(cellPair(key, evidence)) ?? 0;
      if (count > 0) out[value.unit] = (out[value.unit] ?? 0) + count;
    }
    return out;
  }

  /**
   * Frequency of frequencies of one evidence in a registry: cells recorded exactly once (f1) and
   * all records (n). f1/n is the Good-Turing estimate that the next record is of a new cell.
   */
  frequencies(registry: RegistryName, evidence: Evidence): { f1: number; n: number; cells: number } {
    let f1 = 0;
    let n = 0;
    let cells = 0;
    for (const { key, value } of this.tables.counts.getRange(under(registry))) {
      if (!key.endsWith(SEP + evidence)) continue;
      cells += 1;
      n += value;
      if (value === 1) f1 += 1;
    }
    return { f1, n, cells };
  }
}

function mergePrompts(existing: string[], incoming: string[]): string[] {
  const out = [...existing];
  for (const p of incoming) {
    if (out.length >= MAX_PROMPTS) break;
    if (!out.includes(p)) out.push(p);
  }
  return out;
}
