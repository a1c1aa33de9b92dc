import type { ErrorJSON } from '../errors/catalogue.js';
import type { Config } from '../config/schema.js';
import type { CoverageReport } from './coverage.js';
import type { CommitBatch, EntryQuery, StoreCheck } from './store.js';
import type { CoverageDelta, Discovery, EntryWithCounts, RecordResult, RegistryName } from './types.js';

/** Errors cross the thread boundary as data so that their codes survive. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorJSON };

export interface ActorWorkerData {
  dataDir: string;
  config: Config;
}

/** The registry actor's mailbox, as exposed by the worker. */
export interface ActorApi {
  ping(): Promise<Reply<number>>;
  /** A batch validated and folded by the caller with `groupBatch`. */
  commit(batch: CommitBatch): Promise<Reply<RecordResult>>;
  coverage(): Promise<Reply<CoverageReport>>;
  headline(): Promise<Reply<CoverageDelta[]>>;
  entries(registry: RegistryName, query?: EntryQuery): Promise<Reply<{ total: number; entries: EntryWithCounts[] }>>;
  entry(registry: RegistryName, domain: string, key: string): Promise<Reply<EntryWithCounts | null>>;
  discoveries(afterSeq?: number, limit?: number): Promise<Reply<Discovery[]>>;
  check(): Promise<Reply<StoreCheck>>;
  close(): Promise<Reply<void>>;
}
