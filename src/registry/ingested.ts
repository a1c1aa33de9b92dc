import { MotionRegistryError } from '../base/errors.js';
import { cellOfPair, parsePair } from '../model/keys.js';
import type { CoverageDelta, IngestedBatch, IngestedPair, RegistryName, Retraction, Revocation } from '../model/records.js';
import type { CommitBatch } from './batch.js';
import type { EntryTable } from './entries.js';
import { LAST_BATCH, SEQ, seqOf, type KeptBatch, type StoreTables } from './tables.js';
import type { CoverageTallies, TallyBumps } from './tallies.js';

export interface BatchQuery {
  client?: string;
  offset?: number;
  limit?: number;
}

/** What taking a revoked batch off its pairs did, gathered inside the transaction. */
interface Undoing {
  batch: number;
  client: string;
  at: string;
  seq: number;
  reduced: number;
  retractions: Retraction[];
  bumps: TallyBumps;
  deltas: Map<RegistryName, number>;
}

/** Ingested batches kept for listing and revocation, and the ingested share of each pair's count. */
export class IngestedBatches {
  constructor(private readonly tables: StoreTables, private readonly tallies: CoverageTallies, private readonly entries: EntryTable) {}

  /** Keeps an ingested batch and adds its counts to the ingested share of its pairs (inside the commit). */
  keep(batch: CommitBatch, client: string, at: string, seq: number): number {
    const batchId = (this.tables.meta.get(LAST_BATCH) ?? 0) + 1;
    this.tables.meta.put(LAST_BATCH, batchId);
    this.tables.batches.put(batchId, { id: batchId, client, at, seq, observations: batch.observations, cells: batch.pairs.length, pairs: batch.pairs, counts: batch.counts });
    batch.pairs.forEach((pair, i) => this.tables.ingested.put(pair, (this.tables.ingested.get(pair) ?? 0) + batch.counts[i]));
    return batchId;
  }

  /** Kept ingested batches, newest first, without their pairs. */
  list(query: BatchQuery = {}): { total: number; batches: IngestedBatch[] } {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? Infinity;
    const page: IngestedBatch[] = [];
    let total = 0;
    for (const { value } of this.tables.batches.getRange({ reverse: true })) {
      if (query.client !== undefined && value.client !== query.client) continue;
      if (total >= offset && page.length < limit) page.push(summary(value));
      total += 1;
    }
    return { total, batches: page };
  }

  /** One kept batch with its pairs. */
  get(batchId: number): (IngestedBatch & { pairs: IngestedPair[] }) | undefined {
    const kept = this.tables.batches.get(batchId);
    return kept && { ...summary(kept), pairs: kept.pairs.map((pair, i) => ({ ...parsePair(pair), count: kept.counts[i] })) };
  }

  /**
   * Revokes a kept batch in one durable transaction: its counts come off every pair it recorded.
   * A pair left with no count is taken out (its unit tally, its entry's sighting, the entry when
   * no evidence remains) and logged as a retraction. A pair that only jobs' records still support
   * moves from the ingested to the observed tally. Completions that no longer hold are withdrawn,
   * to be announced again when regained.
   */
  revoke(batchId: number, by: string): Revocation {
    const found = this.tables.batches.get(batchId);
    if (!found) throw new MotionRegistryError('NOT_FOUND', `no ingested batch ${batchId}`, { batch: batchId });
    if (found.revoked) return { batch: summary(found), retractions: [], coverage: [], seq: seqOf(this.tables), already: true };
    const at = new Date().toISOString();
    let undoing!: Undoing;
    let coverage: CoverageDelta[] = [];
    let revoked!: KeptBatch;
    this.tables.root.transactionSync(() => {
      const kept = this.tables.batches.get(batchId)!;
      undoing = { batch: batchId, client: kept.client, at, seq: seqOf(this.tables), reduced: 0, retractions: [], bumps: new Map(), deltas: new Map() };
      kept.pairs.forEach((pair, i) => this.takeOff(pair, kept.counts[i], undoing));
      const { seq, retractions } = undoing;
      this.tallies.apply(undoing.bumps);
      this.tables.meta.put(SEQ, seq);
      coverage = [...undoing.deltas].map(([registry, delta]) => this.tallies.coverageDelta(registry, delta, seq));
      if (coverage.length > 0 && retractions.length > 0) this.tables.outbox.put(seq, coverage);
      this.tallies.withdrawCompletions();
      revoked = { ...kept, revoked: { at, by, seq, retracted: retractions.length, reduced: undoing.reduced } };
      this.tables.batches.put(batchId, revoked);
    });
    return { batch: summary(revoked), retractions: undoing.retractions, coverage, seq: seqOf(this.tables) };
  }

  /** Takes a revoked batch's count off one pair (inside the revocation). */
  private takeOff(pair: string, count: number, undoing: Undoing): void {
    const { counts, ingested, log } = this.tables;
    const left = (counts.get(pair) ?? 0) - count;
    const ingestedLeft = (ingested.get(pair) ?? 0) - count;
    if (ingestedLeft > 0) ingested.put(pair, ingestedLeft);
    else ingested.remove(pair);
    const cell = cellOfPair(pair);
    const { registry, domain, key, evidence } = parsePair(pair);
    const entry = this.tables.entries.get(cell);
    const sighting = entry?.first_seen[evidence];
    if (left > 0) {
      counts.put(pair, left);
      undoing.reduced += 1;
      // Only records of jobs are left: the pair's tally moves to the origin they carry.
      if (ingestedLeft <= 0 && sighting?.origin === 'ingested' && entry!.unit !== null) {
        this.tallies.moveTally(registry, domain, entry!.unit, 'ingested', 'observed', undoing.bumps);
        this.entries.reattribute(cell, entry!, evidence, 'observed');
      }
      return;
    }
    counts.remove(pair);
    if (!entry || !sighting) return;
    undoing.seq += 1;
    const retraction: Retraction = {
      seq: undoing.seq, registry, domain, key, name: entry.name, evidence, origin: sighting.origin, unit: entry.unit,
      retracted: { batch: undoing.batch, client: undoing.client }, at: undoing.at,
    };
    undoing.retractions.push(retraction);
    log.put(undoing.seq, retraction);
    const change = entry.unit === null ? 0 : this.tallies.moveTally(registry, domain, entry.unit, sighting.origin, null, undoing.bumps);
    if (change !== 0) undoing.deltas.set(registry, (undoing.deltas.get(registry) ?? 0) + change);
    this.entries.forget(cell, entry, evidence);
  }
}

function summary({ pairs: _pairs, counts: _counts, ...batch }: KeptBatch): IngestedBatch {
  return batch;
}
