import type { ErrorJSON } from '../base/errors.js';
import type { Config } from '../base/config-schema.js';
import type { CoverageReport } from './coverage.js';
import type { CommitBatch } from './batch.js';
import type { StoreCheck } from './check.js';
import type { Undelivered } from './discovery-log.js';
import type { EntryQuery } from './entries.js';
import type { BatchQuery } from './ingested.js';
import type { Completion, SpaceCoverage, CoverageDelta, Discovery, EntryWithCounts, Evidence, IngestedBatch, IngestedPair, LogRecord, RecordResult, RegistryName, Revocation } from '../model/records.js';
import type { JobDraft, JobOutcome, JobQuery, JobRecord, LearningRun } from './jobs.js';

/** Errors cross the thread boundary as data so that their codes survive. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorJSON };

export interface ActorWorkerData {
  dataDir: string;
  config: Config;
  /** A reader: the store opened read-only, nothing written (jobs of the writer left alone). */
  readOnly: boolean;
}

/** The registry actor's mailbox, as exposed by the worker. */
export interface ActorApi {
  ping(): Promise<Reply<number>>;
  /** The last seq the bus acknowledged. */
  published(): Promise<Reply<number>>;
  undelivered(afterSeq: number, limit: number): Promise<Reply<Undelivered>>;
  acknowledge(seq: number, spaces: string[]): Promise<Reply<void>>;
  completed(): Promise<Reply<Record<string, Completion>>>;
  spaceCoverage(): Promise<Reply<SpaceCoverage[]>>;
  /** A batch validated and folded by the caller with `groupBatch`. */
  commit(batch: CommitBatch): Promise<Reply<RecordResult>>;
  coverage(): Promise<Reply<CoverageReport>>;
  headline(): Promise<Reply<CoverageDelta[]>>;
  entries(registry: RegistryName, query?: EntryQuery): Promise<Reply<{ total: number; entries: EntryWithCounts[] }>>;
  entry(registry: RegistryName, domain: string, key: string): Promise<Reply<EntryWithCounts | null>>;
  discoveries(afterSeq?: number, limit?: number): Promise<Reply<Discovery[]>>;
  records(afterSeq?: number, limit?: number): Promise<Reply<LogRecord[]>>;
  batches(query?: BatchQuery): Promise<Reply<{ total: number; batches: IngestedBatch[] }>>;
  batch(id: number): Promise<Reply<(IngestedBatch & { pairs: IngestedPair[] }) | null>>;
  revoke(id: number, by: string): Promise<Reply<Revocation>>;
  unitCounts(registry: RegistryName, domain: string, evidence: Evidence): Promise<Reply<Record<string, number>>>;
  frequencies(registry: RegistryName, evidence: Evidence): Promise<Reply<{ f1: number; n: number; cells: number }>>;
  check(): Promise<Reply<StoreCheck>>;
  createJob(draft: JobDraft): Promise<Reply<JobRecord>>;
  finishJob(id: number, outcome: JobOutcome, run?: Omit<LearningRun, 'seq' | 'at' | 'job_id'>): Promise<Reply<JobRecord>>;
  job(id: number): Promise<Reply<JobRecord | null>>;
  jobs(query?: JobQuery): Promise<Reply<JobRecord[]>>;
  addRun(run: Omit<LearningRun, 'seq' | 'at'>): Promise<Reply<LearningRun>>;
  runs(last?: number): Promise<Reply<LearningRun[]>>;
  close(): Promise<Reply<void>>;
}
