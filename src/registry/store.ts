import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MotionRegistryError } from '../base/errors.js';
import type { Evidence } from '../base/values.js';
import { allColorKeys, parseColorKey } from '../model/color.js';
import { cellOfPair, SEP } from '../model/keys.js';
import { declaredNames } from '../model/names.js';
import type { CompletionTargets, DomainTarget } from '../model/targets.js';
import { REGISTRIES, type RegistryName } from '../model/registries.js';
import type { Completion, CoverageDelta, Discovery, EntryWithCounts, IngestedBatch, IngestedPair, LogRecord, RecordResult, Revocation, SpaceCoverage } from '../model/records.js';
import { MISSING_FIRST, type CommitBatch } from './batch.js';
import { checkStore, type StoreCheck } from './check.js';
import { DiscoveryLog, type Undelivered } from './discovery-log.js';
import { EntryTable, type EntryQuery } from './entries.js';
import { IngestedBatches, type BatchQuery } from './ingested.js';
import { JobLedger } from './jobs.js';
import { openTables, SEQ, seqOf, type StoreTables, type UnitTally } from './tables.js';
import { CoverageTallies, type TallyBumps } from './tallies.js';

/**
 * The registry's LMDB store. Only the registry actor writes to it: each batch is one synchronous
 * transaction, flushed to disk before it returns, that creates entries, raises counts, appends
 * to the discovery log and keeps the coverage tallies. The parts it is made of share the
 * environment's tables: entries, the discovery log and its outbox, coverage tallies, ingested
 * batches, and jobs.
 */
export class RegistryStore {
  private readonly tables: StoreTables;
  private readonly log: DiscoveryLog;
  private readonly tallies: CoverageTallies;
  private readonly entries: EntryTable;
  private readonly ingested: IngestedBatches;
  /** Loop jobs and learning runs, in the same environment. */
  readonly jobs: JobLedger;
  private closed = false;

  private constructor(readonly dir: string, readonly targets: CompletionTargets, readonly readOnly: boolean) {
    this.tables = openTables(dir, readOnly);
    this.log = new DiscoveryLog(this.tables);
    this.tallies = new CoverageTallies(this.tables, targets);
    this.entries = new EntryTable(this.tables, targets);
    this.ingested = new IngestedBatches(this.tables, this.tallies, this.entries);
    this.jobs = new JobLedger(this.tables.root);
  }

  /**
   * Opens the store; `readOnly` for readers (a store that does not exist yet is created empty,
   * so that a reader of a new data dir sees zero coverage).
   */
  static open(dir: string, targets: CompletionTargets, options: { readOnly?: boolean } = {}): RegistryStore {
    const store = new RegistryStore(dir, targets, (options.readOnly ?? false) && existsSync(join(dir, 'registry')));
    if (!store.readOnly) store.log.adoptOutbox();
    return store;
  }

  /**
   * Builds the key and name tables, which the first batch would otherwise build inside its
   * transaction; the actor runs it once it answers, so that a start does not wait for it.
   */
  warm(): void {
    parseColorKey(allColorKeys()[0]);
    for (const registry of REGISTRIES) declaredNames(registry);
  }

  get seq(): number {
    return seqOf(this.tables);
  }

  /** The last seq the bus acknowledged: events after it are still to be published. */
  get published(): number {
    return this.log.published;
  }

  /** Events after `afterSeq` not yet acknowledged, up to `limit` discoveries. */
  undelivered(afterSeq: number, limit: number): Undelivered {
    this.assertOpen();
    return this.log.undelivered(afterSeq, limit, this.completed());
  }

  /** Records that the bus holds every event up to `seq` and the completions of `spaces`. */
  acknowledge(seq: number, spaces: readonly string[]): void {
    this.assertOpen();
    this.log.acknowledge(seq, spaces);
  }

  /** Applies a folded batch (from `groupBatch`) in one durable transaction. */
  async commit(batch: CommitBatch): Promise<RecordResult> {
    this.assertOpen();
    const { applied, meta, outbox } = this.tables;
    if (batch.once !== undefined && applied.get(batch.once) !== undefined) return this.duplicate(batch);
    const at = new Date().toISOString();
    const bumps: TallyBumps = new Map();
    let discoveries: Discovery[] = [];
    let deltas = new Map<RegistryName, number>();
    let completed: Completion[] = [];
    let coverage: CoverageDelta[] = [];
    let duplicate = false;
    let kept: number | undefined;

    this.tables.root.transactionSync(() => {
      // Checked again inside: a duplicate that raced the check above must not apply twice.
      if (batch.once !== undefined && applied.get(batch.once) !== undefined) {
        duplicate = true;
        return;
      }
      let seq: number;
      ({ discoveries, deltas, seq } = this.countPairs(batch, at, bumps));
      this.tallies.apply(bumps);
      meta.put(SEQ, seq);
      if (batch.once !== undefined) applied.put(batch.once, seq);
      if (batch.ingest) kept = this.ingested.keep(batch, batch.ingest.client, at, seq);
      coverage = [...deltas].map(([registry, delta]) => this.tallies.coverageDelta(registry, delta, seq));
      if (coverage.length > 0) outbox.put(seq, coverage);
      if (bumps.size > 0) completed = this.tallies.markCompletions(seq, at);
    });
    if (duplicate) return this.duplicate(batch);
    return {
      observations: batch.observations, cells: batch.pairs.length, discoveries, coverage, seq: this.seq, gained: this.tallies.gained(bumps), completed,
      ...(kept === undefined ? {} : { batch: kept }),
    };
  }

  /**
   * Raises the counts of a batch's pairs; a pair new to the store is discovered: its entry is
   * made or given the new evidence, it is logged and its unit tally moves (inside the commit).
   */
  private countPairs(batch: CommitBatch, at: string, bumps: TallyBumps): { discoveries: Discovery[]; deltas: Map<RegistryName, number>; seq: number } {
    const { counts, log } = this.tables;
    const firsts = new Map(batch.firsts);
    const prompts = new Map(batch.prompts);
    const discoveries: Discovery[] = [];
    const deltas = new Map<RegistryName, number>();
    let seq = this.seq;
    for (let i = 0; i < batch.pairs.length; i++) {
      const pair = batch.pairs[i];
      const previous = counts.get(pair) ?? 0;
      counts.put(pair, previous + batch.counts[i]);
      const cell = cellOfPair(pair);
      if (previous > 0) {
        const p = prompts.get(i);
        if (p && pair.startsWith('static_color' + SEP)) this.entries.addPrompts(cell, p);
        continue;
      }
      const first = firsts.get(i);
      // Throwing aborts the transaction: nothing of the batch is written.
      if (!first) throw new MotionRegistryError('INTERNAL', `pair ${pair} is new to the store but came without its observation`, { reason: MISSING_FIRST });
      seq += 1;
      const entry = this.entries.discover(cell, first, prompts.get(i) ?? [], at, seq);
      const discovery: Discovery = {
        seq, registry: first.registry, domain: first.domain, key: first.key, name: entry.name,
        evidence: first.evidence, origin: first.origin, unit: entry.unit,
        ...(entry.depth_breakdown ? { depth_breakdown: entry.depth_breakdown } : {}),
        source: first.source, at,
      };
      discoveries.push(discovery);
      log.put(seq, discovery);
      const change = entry.unit === null ? 0 : this.tallies.moveTally(first.registry, first.domain, entry.unit, null, first.origin, bumps);
      if (change !== 0) deltas.set(first.registry, (deltas.get(first.registry) ?? 0) + change);
    }
    return { discoveries, deltas, seq };
  }

  private duplicate(batch: CommitBatch): RecordResult {
    return { observations: batch.observations, cells: batch.pairs.length, discoveries: [], coverage: [], seq: this.seq, gained: {}, completed: [], duplicate: true };
  }

  /** Kept ingested batches, newest first, without their pairs. */
  listBatches(query: BatchQuery = {}): { total: number; batches: IngestedBatch[] } {
    return this.ingested.list(query);
  }

  /** One kept batch with its pairs. */
  getBatch(batchId: number): (IngestedBatch & { pairs: IngestedPair[] }) | undefined {
    return this.ingested.get(batchId);
  }

  /** Revokes a kept ingested batch in one durable transaction (see `IngestedBatches.revoke`). */
  revoke(batchId: number, by: string): Revocation {
    this.assertOpen();
    return this.ingested.revoke(batchId, by);
  }

  /**
   * Stores completions a store reached without having them stored (a store from an older version,
   * or targets changed by config); returns them, to be announced.
   */
  settleCompletions(): Completion[] {
    this.assertOpen();
    if (this.readOnly) return [];
    let out: Completion[] = [];
    this.tables.root.transactionSync(() => {
      out = this.tallies.markCompletions(this.seq, new Date().toISOString());
    });
    return out;
  }

  /** Every completion stored, by space id. */
  completed(): Record<string, Completion> {
    return this.tallies.completed();
  }

  /** Covered units and size of every completion space. */
  spaceCoverage(): SpaceCoverage[] {
    return this.tallies.spaceCoverage();
  }

  covers(target: DomainTarget, unit: string, tally: UnitTally): boolean {
    return this.tallies.covers(target, unit, tally);
  }

  /** Headline coverage of every registry, from the tallies kept in each batch's transaction. */
  headline(): CoverageDelta[] {
    return this.tallies.headline();
  }

  /** Every unit tally of a domain: the raw material of the coverage report. */
  unitTallies(registry: RegistryName, domain: string): Iterable<[string, UnitTally]> {
    return this.tallies.unitTallies(registry, domain);
  }

  /** Record counts of one evidence per unit of a domain, for units that have any (observed includes ingested). */
  unitCounts(registry: RegistryName, domain: string, evidence: Evidence = 'observed'): Record<string, number> {
    return this.entries.unitCounts(registry, domain, evidence);
  }

  /** Cells recorded once (f1), records (n) and cells of one evidence in a registry. */
  frequencies(registry: RegistryName, evidence: Evidence): { f1: number; n: number; cells: number } {
    return this.entries.frequencies(registry, evidence);
  }

  /** Entries of a registry with their counts, in key order, filtered and paged. */
  listEntries(registry: RegistryName, query: EntryQuery = {}): { total: number; entries: EntryWithCounts[] } {
    return this.entries.list(registry, query);
  }

  getEntry(registry: RegistryName, domain: string, key: string): EntryWithCounts | undefined {
    return this.entries.get(registry, domain, key);
  }

  /** Discovery-log records (discoveries and retractions) after `afterSeq`, in order. */
  records(afterSeq?: number, limit?: number): LogRecord[] {
    return this.log.records(afterSeq, limit);
  }

  /** Discoveries after `afterSeq`, in order, up to `limit` (retractions are skipped). */
  discoveries(afterSeq?: number, limit?: number): Discovery[] {
    return this.log.discoveries(afterSeq, limit);
  }

  /** Whether entries, counts and tallies agree with the discovery log (see `checkStore`). */
  check(): StoreCheck {
    return checkStore(this.tables, this.tallies, this.targets);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tables.root.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new MotionRegistryError('STORE_CLOSED', 'the registry store is closed');
  }
}
