import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { wrap, releaseProxy, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { MotionRegistryError } from '../base/errors.js';
import { acquireWriterLock, type WriterLock } from './lock.js';
import { WORKERS_DIR } from '../base/paths.js';
import type { Config } from '../base/config-schema.js';
import type { CommitSink, DeliveryState, OpenSink } from './delivery.js';
import type { ActorApi, ActorWorkerData, Reply } from './actor-protocol.js';
import type { CoverageReport } from './coverage.js';
import { groupBatch, MISSING_FIRST, type CommitBatch } from './batch.js';
import { pairId } from '../model/keys.js';
import type { StoreCheck } from './check.js';
import type { EntryQuery } from './entries.js';
import type { BatchQuery } from './ingested.js';
import { LOG_PAGE, type Completion, type SpaceCoverage, type CoverageDelta, type Discovery, type EntryWithCounts, type Evidence, type IngestedBatch, type IngestedPair, type LogRecord, type RecordResult, type RegistryName, type Revocation, type Source } from '../model/records.js';
import type { JobDraft, JobOutcome, JobQuery, JobRecord, LearningRun } from './jobs.js';

export interface ActorOptions {
  config: Config;
  /** Defaults to `config.data_dir`. */
  dataDir?: string;
  /**
   * Where each commit's discoveries, coverage deltas and completions go: handed over after the
   * commit without the commit waiting for them. A writer's only; none by default.
   */
  sink?: OpenSink;
  /**
   * A reader (`coverage`, `jobs`, `export`, `progress`): the store is opened read-only and the
   * writer lock is not taken, so a running service keeps writing. Default: the writer, which
   * takes the data dir's lock (refused with STORE_LOCKED while another live process holds it).
   */
  readOnly?: boolean;
}

/** Pairs remembered as stored, so their first observation need not cross to the actor again. */
const MAX_KNOWN_PAIRS = 1_000_000;

/**
 * The registry actor: the single writer of the LMDB registry, running in its own worker thread.
 * Producers send it batches of observations; it answers once the batch is on disk. Its sink then
 * gets one discovery per new cell and a coverage delta per changed registry.
 */
export class RegistryActor {
  private readonly remote: Remote<ActorApi>;
  private readonly known = new Set<string>();
  /** Calls waiting for a reply: rejected at once if the worker dies. */
  private readonly waiting = new Set<(err: Error) => void>();
  private death: MotionRegistryError | null = null;
  private closing = false;
  private sink?: CommitSink;

  private constructor(private readonly worker: Worker, private readonly lock?: WriterLock) {
    this.remote = wrap<ActorApi>(nodeEndpoint(worker));
    const fail = (reason: string) => {
      this.death ??= new MotionRegistryError('STORE_CLOSED', reason);
      for (const reject of this.waiting) reject(this.death);
      this.waiting.clear();
    };
    worker.once('error', (err) => fail(err instanceof MotionRegistryError ? err.message : `registry actor failed: ${err.message}`));
    worker.once('exit', (code) => fail(this.closing ? 'the registry actor is closed' : `registry actor exited with code ${code}`));
  }

  static async start(options: ActorOptions): Promise<RegistryActor> {
    const readOnly = options.readOnly ?? false;
    const data: ActorWorkerData = { dataDir: options.dataDir ?? options.config.data_dir, config: options.config, readOnly };
    const lock = readOnly ? undefined : acquireWriterLock(data.dataDir);
    const worker = new Worker(join(WORKERS_DIR, 'registry-actor.js'), { workerData: data });
    const actor = new RegistryActor(worker, lock);
    try {
      await actor.call(() => actor.remote.ping());
    } catch (err) {
      await worker.terminate();
      lock?.release();
      const reason = err instanceof Error ? err.message : String(err);
      throw new MotionRegistryError('STORE_UNAVAILABLE', `cannot start the registry actor for ${data.dataDir}: ${reason}`, { dir: data.dataDir });
    }
    if (options.sink && !readOnly) {
      actor.sink = await options.sink({
        published: () => actor.call(() => actor.remote.published()),
        undelivered: (afterSeq, limit) => actor.call(() => actor.remote.undelivered(afterSeq, limit)),
        acknowledge: (seq, spaces) => actor.call(() => actor.remote.acknowledge(seq, spaces)),
      });
    }
    return actor;
  }

  /**
   * One call to the worker. Each call races its reply against the worker's death with a promise
   * of its own, dropped with the call: racing one long-lived promise would keep every reply alive.
   */
  private async call<T>(send: () => Promise<Reply<T>>): Promise<T> {
    if (this.death) throw this.death;
    let died!: (err: Error) => void;
    const death = new Promise<never>((_, reject) => { died = reject; });
    this.waiting.add(died);
    try {
      const reply = await Promise.race([send(), death]);
      if (!reply.ok) throw MotionRegistryError.fromJSON(reply.error);
      return reply.value;
    } finally {
      this.waiting.delete(died);
    }
  }

  /**
   * Records a batch atomically; resolves when it is durable. Its events are handed to the sink,
   * not waited for.
   * The batch is validated and folded per cell here, so only distinct cells cross to the actor;
   * novelty is still judged by the actor against the store.
   */
  async record(observations: unknown, defaults?: Source, options: Pick<CommitBatch, 'once' | 'ingest'> = {}): Promise<RecordResult> {
    let batch = { ...groupBatch(observations, defaults, this.known), ...options };
    let result: RecordResult;
    try {
      result = await this.call(() => this.remote.commit(batch));
    } catch (err) {
      if (!(err instanceof MotionRegistryError && err.details?.reason === MISSING_FIRST)) throw err;
      // The store lost pairs this process had seen (it was replaced underneath): send everything.
      this.known.clear();
      batch = { ...groupBatch(observations, defaults), ...options };
      result = await this.call(() => this.remote.commit(batch));
    }
    if (this.known.size + batch.pairs.length > MAX_KNOWN_PAIRS) this.known.clear();
    for (const pair of batch.pairs) this.known.add(pair);
    this.sink?.offer({ ...result, records: result.discoveries });
    return result;
  }

  /** Kept ingested batches, newest first. */
  batches(query?: BatchQuery): Promise<{ total: number; batches: IngestedBatch[] }> {
    return this.call(() => this.remote.batches(query));
  }

  /** One kept ingested batch with its pairs. */
  batch(id: number): Promise<(IngestedBatch & { pairs: IngestedPair[] }) | null> {
    return this.call(() => this.remote.batch(id));
  }

  /**
   * Revokes an ingested batch (see `RegistryStore.revoke`); durable when it resolves. Its
   * retractions and coverage deltas go to the sink like discoveries.
   */
  async revoke(id: number, by: string): Promise<Revocation> {
    const result = await this.call(() => this.remote.revoke(id, by));
    for (const r of result.retractions) this.known.delete(pairId(r));
    this.sink?.offer({ records: result.retractions, coverage: result.coverage, completed: [], seq: result.seq });
    return result;
  }

  /** How far committed events have been delivered (null without a sink). */
  delivery(): DeliveryState | null {
    return this.sink?.state() ?? null;
  }

  coverage(): Promise<CoverageReport> {
    return this.call(() => this.remote.coverage());
  }

  /** Completions stored, by space id. */
  completed(): Promise<Record<string, Completion>> {
    return this.call(() => this.remote.completed());
  }

  /** Covered units and size of every completion space (registries and combination spaces). */
  spaceCoverage(): Promise<SpaceCoverage[]> {
    return this.call(() => this.remote.spaceCoverage());
  }

  headline(): Promise<CoverageDelta[]> {
    return this.call(() => this.remote.headline());
  }

  entries(registry: RegistryName, query?: EntryQuery): Promise<{ total: number; entries: EntryWithCounts[] }> {
    return this.call(() => this.remote.entries(registry, query));
  }

  entry(registry: RegistryName, domain: string, key: string): Promise<EntryWithCounts | null> {
    return this.call(() => this.remote.entry(registry, domain, key));
  }

  /** Discoveries after `afterSeq` (retractions skipped). */
  discoveries(afterSeq = 0, limit = LOG_PAGE): Promise<Discovery[]> {
    return this.call(() => this.remote.discoveries(afterSeq, limit));
  }

  /** Discovery-log records, discoveries and retractions, after `afterSeq`. */
  records(afterSeq = 0, limit = LOG_PAGE): Promise<LogRecord[]> {
    return this.call(() => this.remote.records(afterSeq, limit));
  }

  check(): Promise<StoreCheck> {
    return this.call(() => this.remote.check());
  }

  /** Record counts per unit of a domain that has any, for one evidence (default observed, which includes ingested). */
  unitCounts(registry: RegistryName, domain: string, evidence: Evidence = 'observed'): Promise<Record<string, number>> {
    return this.call(() => this.remote.unitCounts(registry, domain, evidence));
  }

  /** Cells recorded once (f1), records (n) and cells of one evidence in a registry. */
  frequencies(registry: RegistryName, evidence: Evidence): Promise<{ f1: number; n: number; cells: number }> {
    return this.call(() => this.remote.frequencies(registry, evidence));
  }

  /** Stores a new running job and returns it with its id; durable when it resolves. */
  createJob(draft: JobDraft): Promise<JobRecord> {
    return this.call(() => this.remote.createJob(draft));
  }

  /** Closes a job, with its learning run when it succeeded, in one transaction. */
  finishJob(id: number, outcome: JobOutcome, run?: Omit<LearningRun, 'seq' | 'at' | 'job_id'>): Promise<JobRecord> {
    return this.call(() => this.remote.finishJob(id, outcome, run));
  }

  job(id: number): Promise<JobRecord | null> {
    return this.call(() => this.remote.job(id));
  }

  /** Most recent first. */
  jobs(query?: JobQuery): Promise<JobRecord[]> {
    return this.call(() => this.remote.jobs(query));
  }

  addRun(run: Omit<LearningRun, 'seq' | 'at'>): Promise<LearningRun> {
    return this.call(() => this.remote.addRun(run));
  }

  /** Most recent first. */
  runs(last?: number): Promise<LearningRun[]> {
    return this.call(() => this.remote.runs(last));
  }

  async close(): Promise<void> {
    if (this.closing) return;
    await this.sink?.close();
    try {
      await this.call(() => this.remote.close());
    } finally {
      this.closing = true;
      this.remote[releaseProxy]();
      await this.worker.terminate();
      this.lock?.release();
    }
  }
}
