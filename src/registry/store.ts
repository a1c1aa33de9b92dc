import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { MotionRegistryError } from '../base/errors.js';
import type { Evidence } from '../base/values.js';
import { REGISTRIES, type CompletionTargets, type DomainTarget, type RegistryName } from '../model/targets.js';
import type { NormalizedObservation } from './observation.js';
import { MAX_PROMPTS, MISSING_FIRST, type CommitBatch } from './batch.js';
import { cellId, cellOfPair, cellPair, joinId as id, pairId, parsePair, SEP } from '../model/keys.js';
import { entryFacts } from './describe.js';
import { allColorKeys, parseColorKey } from '../model/color.js';
import { declaredName, declaredNames, nameFor } from '../model/names.js';
import { isRetraction, LOG_PAGE, type Completion, type SpaceCoverage, type CoverageDelta, type Discovery, type Entry, type EntryWithCounts, type IngestedBatch, type IngestedPair, type LogRecord, type Origin, type RecordResult, type Retraction, type Revocation } from '../model/records.js';
import { JobLedger } from './jobs.js';

/** Cells per (coverage unit, origin): how many (cell, evidence) pairs of each origin cover the unit. */
export type UnitTally = Record<Origin, number>;

const PUBLISHED = 'published';
const LAST_BATCH = 'batch';
const announcedKey = (space: string) => `announced${SEP}${space}`;
/** Range bounds that cover every key starting with `prefix + SEP`. */
const under = (...parts: string[]) => ({ start: id(...parts) + SEP, end: id(...parts) + '\u0020' });

/** A kept ingested batch with the pairs it recorded, in the batch's order. */
interface KeptBatch extends IngestedBatch {
  pairs: string[];
  counts: number[];
}

export interface EntryQuery {
  domain?: string;
  family?: string;
  shade?: string;
  offset?: number;
  limit?: number;
}

/**
 * Events the bus has not acknowledged yet, from the discovery log after the acknowledged seq:
 * discoveries, the coverage deltas of the batches that made them, and completions not announced.
 */
export interface Undelivered {
  records: LogRecord[];
  coverage: CoverageDelta[];
  completed: Completion[];
  /** The last seq these events reach; acknowledge it once they are all published. */
  seq: number;
  /** The log's last seq: how far there is to go. */
  head: number;
}

export interface BatchQuery {
  client?: string;
  offset?: number;
  limit?: number;
}

export interface StoreCheck {
  ok: boolean;
  log_records: number;
  evidence_pairs: number;
  entries: number;
  problems: string[];
}

/**
 * The registry's LMDB store. Only the registry actor writes to it: each batch is one synchronous
 * transaction, flushed to disk before it returns, that creates entries, raises counts, appends
 * to the discovery log and keeps the coverage tallies.
 */
export class RegistryStore {
  private readonly root: RootDatabase;
  private readonly entries: Database<Entry, string>;
  private readonly counts: Database<number, string>;
  private readonly units: Database<UnitTally, string>;
  private readonly tallies: Database<number, string>;
  private readonly names: Database<string, string>;
  private readonly log: Database<LogRecord, number>;
  private readonly meta: Database<number, string>;
  private readonly completions: Database<Completion, string>;
  /** Coverage deltas by the seq of the batch that made them, until the bus acknowledges that seq. */
  private readonly outbox: Database<CoverageDelta[], number>;
  /** Batches applied once (`CommitBatch.once`), with the seq after them. */
  private readonly applied: Database<number, string>;
  /** Ingested batches by id, with their pairs. */
  private readonly batches: Database<KeptBatch, number>;
  /** Per pair, the observations ingested batches not revoked gave it. */
  private readonly ingested: Database<number, string>;
  /** Loop jobs and learning runs, in the same environment. */
  readonly jobs: JobLedger;
  private closed = false;

  private constructor(readonly dir: string, readonly targets: CompletionTargets, readonly readOnly: boolean) {
    try {
      mkdirSync(dir, { recursive: true });
      // The environment lives in a dot-free subdirectory: lmdb treats a last segment with a dot as a file.
      this.root = open({ path: join(dir, 'registry'), maxDbs: 32, readOnly });
    } catch (err) {
      throw new MotionRegistryError('STORE_UNAVAILABLE', `cannot open the registry store in ${dir}: ${(err as Error).message}`, { dir });
    }
    this.entries = this.root.openDB({ name: 'entries' });
    this.counts = this.root.openDB({ name: 'counts' });
    this.units = this.root.openDB({ name: 'units' });
    this.tallies = this.root.openDB({ name: 'tallies' });
    this.names = this.root.openDB({ name: 'names' });
    this.log = this.root.openDB({ name: 'log', keyEncoding: 'uint32' });
    this.meta = this.root.openDB({ name: 'meta' });
    this.completions = this.root.openDB({ name: 'completions' });
    this.outbox = this.root.openDB({ name: 'outbox', keyEncoding: 'uint32' });
    this.applied = this.root.openDB({ name: 'applied' });
    this.batches = this.root.openDB({ name: 'batches', keyEncoding: 'uint32' });
    this.ingested = this.root.openDB({ name: 'ingested' });
    this.jobs = new JobLedger(this.root);
  }

  /**
   * Opens the store; `readOnly` for readers (a store that does not exist yet is created empty,
   * so that a reader of a new data dir sees zero coverage).
   */
  static open(dir: string, targets: CompletionTargets, options: { readOnly?: boolean } = {}): RegistryStore {
    const store = new RegistryStore(dir, targets, (options.readOnly ?? false) && existsSync(join(dir, 'registry')));
    if (!store.readOnly) store.adoptOutbox();
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
    return this.meta.get('seq') ?? 0;
  }

  /** The last seq the bus acknowledged: events after it are still to be published. */
  get published(): number {
    return this.meta.get(PUBLISHED) ?? 0;
  }

  /**
   * A store written before it kept an outbox has published what it could; delivery is counted
   * from its current seq on, with its completions taken as announced.
   */
  private adoptOutbox(): void {
    if (this.meta.get(PUBLISHED) !== undefined) return;
    this.root.transactionSync(() => {
      this.meta.put(PUBLISHED, this.seq);
      for (const space of this.completions.getKeys({})) this.meta.put(announcedKey(space), 1);
    });
  }

  /** Events after `afterSeq` not yet acknowledged, up to `limit` discoveries. */
  undelivered(afterSeq: number, limit: number): Undelivered {
    this.assertOpen();
    const records = this.records(afterSeq, limit);
    const seq = records.length > 0 ? records[records.length - 1].seq : afterSeq;
    const coverage = [...this.outbox.getRange({ start: afterSeq + 1, end: seq + 1 })].flatMap(({ value }) => value);
    const completed = Object.values(this.completed()).filter((c) => c.seq <= seq && this.meta.get(announcedKey(c.space)) === undefined);
    return { records, coverage, completed, seq, head: this.seq };
  }

  /** Records that the bus holds every event up to `seq` and the completions of `spaces`. */
  acknowledge(seq: number, spaces: readonly string[]): void {
    this.assertOpen();
    this.root.transactionSync(() => {
      if (seq > this.published) this.meta.put(PUBLISHED, Math.min(seq, this.seq));
      for (const key of [...this.outbox.getKeys({ end: seq + 1 })]) this.outbox.remove(key);
      for (const space of spaces) this.meta.put(announcedKey(space), 1);
    });
  }

  /** Applies a folded batch (from `groupBatch`) in one durable transaction. */
  async commit(batch: CommitBatch): Promise<RecordResult> {
    this.assertOpen();
    if (batch.once !== undefined && this.applied.get(batch.once) !== undefined) return this.duplicate(batch);
    const at = new Date().toISOString();
    const discoveries: Discovery[] = [];
    const deltas = new Map<RegistryName, number>();
    const tallyBumps = new Map<string, number>();
    const firsts = new Map(batch.firsts);
    const prompts = new Map(batch.prompts);
    let completed: Completion[] = [];
    let coverage: CoverageDelta[] = [];
    let duplicate = false;
    let kept: number | undefined;

    this.root.transactionSync(() => {
      // Checked again inside: a duplicate that raced the check above must not apply twice.
      if (batch.once !== undefined && this.applied.get(batch.once) !== undefined) {
        duplicate = true;
        return;
      }
      let seq = this.seq;
      for (let i = 0; i < batch.pairs.length; i++) {
        const pair = batch.pairs[i];
        const previous = this.counts.get(pair) ?? 0;
        this.counts.put(pair, previous + batch.counts[i]);
        const cell = cellOfPair(pair);
        if (previous > 0) {
          const p = prompts.get(i);
          if (p && pair.startsWith('static_color' + SEP)) this.addPrompts(cell, p);
          continue;
        }
        const first = firsts.get(i);
        // Throwing aborts the transaction: nothing of the batch is written.
        if (!first) throw new MotionRegistryError('INTERNAL', `pair ${pair} is new to the store but came without its observation`, { reason: MISSING_FIRST });
        seq += 1;
        const entry = this.discover(cell, first, prompts.get(i) ?? [], at, seq);
        const discovery: Discovery = {
          seq, registry: first.registry, domain: first.domain, key: first.key, name: entry.name,
          evidence: first.evidence, origin: first.origin, unit: entry.unit,
          ...(entry.depth_breakdown ? { depth_breakdown: entry.depth_breakdown } : {}),
          source: first.source, at,
        };
        discoveries.push(discovery);
        this.log.put(seq, discovery);
        const change = entry.unit === null ? 0 : this.moveTally(first.registry, first.domain, entry.unit, null, first.origin, tallyBumps);
        if (change !== 0) deltas.set(first.registry, (deltas.get(first.registry) ?? 0) + change);
      }
      for (const [key, bump] of tallyBumps) this.tallies.put(key, (this.tallies.get(key) ?? 0) + bump);
      this.meta.put('seq', seq);
      if (batch.once !== undefined) this.applied.put(batch.once, seq);
      if (batch.ingest) kept = this.keep(batch, batch.ingest.client, at, seq);
      coverage = [...deltas].map(([registry, delta]) => this.coverageDelta(registry, delta, seq));
      if (coverage.length > 0) this.outbox.put(seq, coverage);
      if (tallyBumps.size > 0) completed = this.markCompletions(seq, at);
    });
    if (duplicate) return this.duplicate(batch);

    const seq = this.seq;
    const gained: Record<string, number> = {};
    for (const space of this.targets.spaces) {
      const bump = tallyBumps.get(space.domain === null ? space.registry : id(space.registry, space.domain));
      if (bump) gained[space.id] = bump;
    }
    return { observations: batch.observations, cells: batch.pairs.length, discoveries, coverage, seq, gained, completed, ...(kept === undefined ? {} : { batch: kept }) };
  }

  /** Keeps an ingested batch and adds its counts to the ingested share of its pairs (inside the commit). */
  private keep(batch: CommitBatch, client: string, at: string, seq: number): number {
    const batchId = (this.meta.get(LAST_BATCH) ?? 0) + 1;
    this.meta.put(LAST_BATCH, batchId);
    this.batches.put(batchId, { id: batchId, client, at, seq, observations: batch.observations, cells: batch.pairs.length, pairs: batch.pairs, counts: batch.counts });
    batch.pairs.forEach((pair, i) => this.ingested.put(pair, (this.ingested.get(pair) ?? 0) + batch.counts[i]));
    return batchId;
  }

  /** Kept ingested batches, newest first, without their pairs. */
  listBatches(query: BatchQuery = {}): { total: number; batches: IngestedBatch[] } {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? Infinity;
    const page: IngestedBatch[] = [];
    let total = 0;
    for (const { value } of this.batches.getRange({ reverse: true })) {
      if (query.client !== undefined && value.client !== query.client) continue;
      if (total >= offset && page.length < limit) page.push(summary(value));
      total += 1;
    }
    return { total, batches: page };
  }

  /** One kept batch with its pairs. */
  getBatch(batchId: number): (IngestedBatch & { pairs: IngestedPair[] }) | undefined {
    const kept = this.batches.get(batchId);
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
    this.assertOpen();
    const found = this.batches.get(batchId);
    if (!found) throw new MotionRegistryError('NOT_FOUND', `no ingested batch ${batchId}`, { batch: batchId });
    if (found.revoked) return { batch: summary(found), retractions: [], coverage: [], seq: this.seq, already: true };
    const at = new Date().toISOString();
    const retractions: Retraction[] = [];
    let coverage: CoverageDelta[] = [];
    let revoked!: KeptBatch;
    this.root.transactionSync(() => {
      const kept = this.batches.get(batchId)!;
      const tallyBumps = new Map<string, number>();
      const deltas = new Map<RegistryName, number>();
      let seq = this.seq;
      let reduced = 0;
      kept.pairs.forEach((pair, i) => {
        const left = (this.counts.get(pair) ?? 0) - kept.counts[i];
        const ingestedLeft = (this.ingested.get(pair) ?? 0) - kept.counts[i];
        if (ingestedLeft > 0) this.ingested.put(pair, ingestedLeft);
        else this.ingested.remove(pair);
        const cell = cellOfPair(pair);
        const { registry, domain, key, evidence } = parsePair(pair);
        const entry = this.entries.get(cell);
        const sighting = entry?.first_seen[evidence];
        if (left > 0) {
          this.counts.put(pair, left);
          reduced += 1;
          // Only records of jobs are left: the pair's tally moves to the origin they carry.
          if (ingestedLeft <= 0 && sighting?.origin === 'ingested' && entry!.unit !== null) {
            this.moveTally(registry, domain, entry!.unit, 'ingested', 'observed', tallyBumps);
            this.entries.put(cell, { ...entry!, first_seen: { ...entry!.first_seen, [evidence]: { ...sighting, origin: 'observed' } } });
          }
          return;
        }
        this.counts.remove(pair);
        if (!entry || !sighting) return;
        seq += 1;
        retractions.push({ seq, registry, domain, key, name: entry.name, evidence, origin: sighting.origin, unit: entry.unit, retracted: { batch: batchId, client: kept.client }, at });
        this.log.put(seq, retractions[retractions.length - 1]);
        const change = entry.unit === null ? 0 : this.moveTally(registry, domain, entry.unit, sighting.origin, null, tallyBumps);
        if (change !== 0) deltas.set(registry, (deltas.get(registry) ?? 0) + change);
        const { [evidence]: _undone, ...firstSeen } = entry.first_seen;
        if (Object.keys(firstSeen).length > 0) this.entries.put(cell, { ...entry, first_seen: firstSeen });
        else {
          this.entries.remove(cell);
          if (declaredName(registry, domain, key) === null) this.names.remove(id(registry, entry.name));
        }
      });
      for (const [tallyKey, bump] of tallyBumps) this.tallies.put(tallyKey, (this.tallies.get(tallyKey) ?? 0) + bump);
      this.meta.put('seq', seq);
      coverage = [...deltas].map(([registry, delta]) => this.coverageDelta(registry, delta, seq));
      if (coverage.length > 0 && retractions.length > 0) this.outbox.put(seq, coverage);
      for (const space of this.targets.spaces) {
        if (this.spaceCount(space) >= space.cells || this.completions.get(space.id) === undefined) continue;
        this.completions.remove(space.id);
        this.meta.remove(announcedKey(space.id));
      }
      revoked = { ...kept, revoked: { at, by, seq, retracted: retractions.length, reduced } };
      this.batches.put(batchId, revoked);
    });
    return { batch: summary(revoked), retractions, coverage, seq: this.seq };
  }

  private duplicate(batch: CommitBatch): RecordResult {
    return { observations: batch.observations, cells: batch.pairs.length, discoveries: [], coverage: [], seq: this.seq, gained: {}, completed: [], duplicate: true };
  }

  /** Covered units of a completion space, from the tallies. */
  private spaceCount(space: (typeof this.targets.spaces)[number]): number {
    return this.tallies.get(space.domain === null ? space.registry : id(space.registry, space.domain)) ?? 0;
  }

  /** Stores a completion for every complete space that has none yet (inside a write transaction). */
  private markCompletions(seq: number, at: string): Completion[] {
    const out: Completion[] = [];
    for (const space of this.targets.spaces) {
      if (this.spaceCount(space) < space.cells || this.completions.get(space.id) !== undefined) continue;
      const completion: Completion = { space: space.id, registry: space.registry, domain: space.domain, cells: space.cells, seq, at };
      this.completions.put(space.id, completion);
      out.push(completion);
    }
    return out;
  }

  /**
   * Stores completions a store reached without having them stored (a store from an older version,
   * or targets changed by config); returns them, to be announced.
   */
  settleCompletions(): Completion[] {
    this.assertOpen();
    if (this.readOnly) return [];
    let out: Completion[] = [];
    this.root.transactionSync(() => {
      out = this.markCompletions(this.seq, new Date().toISOString());
    });
    return out;
  }

  /** Every completion stored, by space id. */
  completed(): Record<string, Completion> {
    return Object.fromEntries([...this.completions.getRange({})].map(({ key, value }) => [key, value]));
  }

  /** Covered units and size of every completion space. */
  spaceCoverage(): SpaceCoverage[] {
    return this.targets.spaces.map((s) => ({ space: s.id, count: this.spaceCount(s), cells: s.cells, required: s.required }));
  }

  private discover(cell: string, first: NormalizedObservation, prompts: string[], at: string, seq: number): Entry {
    const seen = { origin: first.origin, source: first.source, at, seq };
    let entry = this.entries.get(cell);
    if (entry) {
      entry = { ...entry, first_seen: { ...entry.first_seen, [first.evidence]: seen } };
    } else {
      // Declared names are one-to-one by construction; only names of keys outside the space need a tie-break.
      let name = declaredName(first.registry, first.domain, first.key);
      if (name === null) {
        name = nameFor(first.registry, first.domain, first.key, (n) => this.names.get(id(first.registry, n)) !== undefined);
        this.names.put(id(first.registry, name), cell);
      }
      entry = {
        registry: first.registry, domain: first.domain, key: first.key, name,
        unit: this.targets.unitOf(first.registry, first.domain, first.key),
        fields: first.fields, ...entryFacts(first),
        first_seen: { [first.evidence]: seen }, prompts: [],
      };
    }
    entry.prompts = mergePrompts(entry.prompts, prompts);
    this.entries.put(cell, entry);
    return entry;
  }

  private addPrompts(cell: string, prompts: string[]): void {
    const entry = this.entries.get(cell);
    if (!entry || entry.prompts.length >= MAX_PROMPTS) return;
    const merged = mergePrompts(entry.prompts, prompts);
    if (merged.length !== entry.prompts.length) this.entries.put(cell, { ...entry, prompts: merged });
  }

  /**
   * Moves one (cell, evidence) of a unit from one origin's tally to another's (null: into or out
   * of the unit) and notes what that does to the covered counts; returns the change it makes to
   * the registry's headline coverage (-1, 0 or 1).
   */
  private moveTally(registry: RegistryName, domain: string, unit: string, from: Origin | null, to: Origin | null, bumps: Map<string, number>): number {
    const target = this.targets.domain(registry, domain)!;
    const unitKey = id(registry, domain, unit);
    const tally = this.units.get(unitKey) ?? { observed: 0, intended: 0, ingested: 0 };
    const after = { ...tally };
    if (from) after[from] -= 1;
    if (to) after[to] += 1;
    this.units.put(unitKey, after);
    const change = Number(this.covers(target, unit, after)) - Number(this.covers(target, unit, tally));
    if (change === 0) return 0;
    const domainKey = id(registry, domain);
    bumps.set(domainKey, (bumps.get(domainKey) ?? 0) + change);
    if (!target.headline) return 0;
    bumps.set(registry, (bumps.get(registry) ?? 0) + change);
    return change;
  }

  covers(target: DomainTarget, unit: string, tally: UnitTally): boolean {
    const has: Record<Evidence, boolean> = { observed: tally.observed + tally.ingested > 0, intended: tally.intended > 0 };
    return (has.observed && this.targets.counts(target, 'observed', unit)) || (has.intended && this.targets.counts(target, 'intended', unit));
  }

  private coverageDelta(registry: RegistryName, delta: number, seq: number): CoverageDelta {
    const count = this.tallies.get(registry) ?? 0;
    const cells = this.targets.registries[registry].cells;
    return { registry, count, cells, coverage_pct: pct(count, cells), delta, seq };
  }

  /** Headline coverage of every registry, from the tallies kept in each batch's transaction. */
  headline(): CoverageDelta[] {
    const seq = this.seq;
    return REGISTRIES.map((registry) => this.coverageDelta(registry, 0, seq));
  }

  /** Every unit tally of a domain: the raw material of the coverage report. */
  *unitTallies(registry: RegistryName, domain: string): Iterable<[string, UnitTally]> {
    for (const { key, value } of this.units.getRange(under(registry, domain))) {
      yield [key.slice(key.lastIndexOf(SEP) + 1), value];
    }
  }

  /**
   * Record counts of one evidence per unit of a domain, for units that have any (observed
   * evidence includes ingested records): what the loop reads to aim at missing and rare cells.
   */
  unitCounts(registry: RegistryName, domain: string, evidence: Evidence = 'observed'): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { key, value } of this.entries.getRange(under(registry, domain))) {
      if (value.unit === null) continue;
      const count = this.counts.get(cellPair(key, evidence)) ?? 0;
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
    for (const { key, value } of this.counts.getRange(under(registry))) {
      if (!key.endsWith(SEP + evidence)) continue;
      cells += 1;
      n += value;
      if (value === 1) f1 += 1;
    }
    return { f1, n, cells };
  }

  /** Entries of a registry with their counts, in key order, filtered and paged. */
  listEntries(registry: RegistryName, query: EntryQuery = {}): { total: number; entries: EntryWithCounts[] } {
    const range = query.domain ? under(registry, query.domain) : under(registry);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? Infinity;
    const page: EntryWithCounts[] = [];
    let total = 0;
    for (const { key, value } of this.entries.getRange(range)) {
      if (query.family && value.family !== query.family) continue;
      if (query.shade && value.shade !== query.shade) continue;
      if (total >= offset && page.length < limit) page.push(this.withCounts(key, value));
      total += 1;
    }
    return { total, entries: page };
  }

  getEntry(registry: RegistryName, domain: string, key: string): EntryWithCounts | undefined {
    const cell = cellId(registry, domain, key);
    const entry = this.entries.get(cell);
    return entry && this.withCounts(cell, entry);
  }

  private withCounts(cell: string, entry: Entry): EntryWithCounts {
    const counts = { observed: this.counts.get(cellPair(cell, 'observed')) ?? 0, intended: this.counts.get(cellPair(cell, 'intended')) ?? 0 };
    return { ...entry, count: counts.observed + counts.intended, counts };
  }

  /** Discovery-log records (discoveries and retractions) after `afterSeq`, in order. */
  records(afterSeq = 0, limit = LOG_PAGE): LogRecord[] {
    return [...this.log.getRange({ start: afterSeq + 1, limit }).map(({ value }) => value)];
  }

  /** Discoveries after `afterSeq`, in order, up to `limit` (retractions are skipped). */
  discoveries(afterSeq = 0, limit = LOG_PAGE): Discovery[] {
    const out: Discovery[] = [];
    for (const { value } of this.log.getRange({ start: afterSeq + 1 })) {
      if (out.length >= limit) break;
      if (!isRetraction(value)) out.push(value);
    }
    return out;
  }

  /**
   * Checks that entries, counts and tallies agree with the discovery log: every (cell, evidence)
   * pair with a count has a discovery not undone by a later retraction, the ingested share of a
   * pair is within its count, and the tallies equal a recount of the units.
   */
  check(): StoreCheck {
    const problems: string[] = [];
    const logged = new Set<string>();
    let logRecords = 0;
    for (const { value } of this.log.getRange({})) {
      logRecords += 1;
      const pair = pairId(value);
      if (isRetraction(value)) {
        if (!logged.delete(pair)) problems.push(`retraction without a discovery: ${pair}`);
      } else {
        if (logged.has(pair)) problems.push(`discovery logged twice: ${pair}`);
        logged.add(pair);
      }
    }
    let pairs = 0;
    for (const { key, value } of this.counts.getRange({})) {
      pairs += 1;
      if (value <= 0) problems.push(`non-positive count for ${key}`);
      if (!logged.has(key)) problems.push(`count without a discovery: ${key}`);
    }
    for (const { key, value } of this.ingested.getRange({})) {
      if (value > (this.counts.get(key) ?? 0)) problems.push(`ingested share above the count for ${key}`);
    }
    if (pairs !== logged.size) problems.push(`log has ${logged.size} pairs, counts have ${pairs}`);
    if (logRecords !== this.seq) problems.push(`log has ${logRecords} records, sequence is ${this.seq}`);
    let entries = 0;
    for (const _ of this.entries.getKeys({})) entries += 1;
    for (const target of Object.values(this.targets.registries)) {
      let headline = 0;
      for (const d of target.domains) {
        let covered = 0;
        for (const [unit, tally] of this.unitTallies(d.registry, d.domain)) if (this.covers(d, unit, tally)) covered += 1;
        if (covered !== (this.tallies.get(id(d.registry, d.domain)) ?? 0)) problems.push(`tally of ${d.registry}/${d.domain} is off`);
        if (d.headline) headline += covered;
      }
      if (headline !== (this.tallies.get(target.registry) ?? 0)) problems.push(`tally of ${target.registry} is off`);
    }
    return { ok: problems.length === 0, log_records: logRecords, evidence_pairs: pairs, entries, problems };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.root.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new MotionRegistryError('STORE_CLOSED', 'the registry store is closed');
  }
}

function summary({ pairs: _pairs, counts: _counts, ...batch }: KeptBatch): IngestedBatch {
  return batch;
}

function mergePrompts(existing: string[], incoming: string[]): string[] {
  const out = [...existing];
  for (const p of incoming) {
    if (out.length >= MAX_PROMPTS) break;
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

export function pct(count: number, cells: number): number {
  return cells === 0 ? 0 : Math.round((count / cells) * 10000) / 100;
}
