import type { Evidence } from '../base/values.js';
import type { RegistryName } from './registries.js';

export type { Evidence } from '../base/values.js';
export type { RegistryName } from './registries.js';

/** Where a record came from: measured from media, taken from a spec, or posted by a client. */
export type Origin = 'observed' | 'intended' | 'ingested';
export const ORIGINS_OF_RECORDS: readonly Origin[] = ['observed', 'intended', 'ingested'];

export function evidenceOf(origin: Origin): Evidence {
  return origin === 'intended' ? 'intended' : 'observed';
}

/** What an observation was measured in: a job, a file, and the time in it (seconds). */
export interface Source {
  job_id?: string;
  file?: string;
  time?: number;
  /** The API client that sent an ingested record (its token's name). */
  client?: string;
}

interface ObservationCommon {
  /** Default `observed`. */
  origin?: Origin;
  source?: Source;
  /** The prompt of the clip the observation came from. */
  prompt?: string;
  /** An explicit key (ingested records); otherwise the key is computed from the measured fields. */
  key?: string;
  /** How many identical observations this one stands for (default 1): producers may fold repeats. */
  count?: number;
}

export interface ColorObservation extends ObservationCommon {
  registry: 'static_color';
  domain?: 'color';
  r: number;
  g: number;
  b: number;
  /** 0–1; default 1. */
  opacity?: number;
}

export interface SoundObservation extends ObservationCommon {
  registry: 'static_sound';
  domain?: 'sound';
  amplitude: number;
  tone: 'silent' | 'low' | 'mid' | 'high';
  timbre: string;
  peak_hz?: number;
  flatness?: number;
}

export interface DynamicObservation extends ObservationCommon {
  registry: 'dynamic';
  domain: string;
  value: string;
  strength?: number;
  speed?: string;
  steadiness?: string;
}

export interface NarrativeObservation extends ObservationCommon {
  registry: 'narrative';
  domain: string;
  value: string;
}

export type Observation = ColorObservation | SoundObservation | DynamicObservation | NarrativeObservation;

export interface FirstSeen {
  origin: Origin;
  source: Source;
  at: string;
  seq: number;
}

export interface Entry {
  registry: RegistryName;
  domain: string;
  key: string;
  name: string;
  /** The coverage unit the key stands for; null when the key lies outside the declared space. */
  unit: string | null;
  /** The measured (unquantized) fields of the first record. */
  fields: Record<string, number | string>;
  depth_breakdown?: Record<string, unknown>;
  family?: string;
  shade?: string;
  first_seen: Partial<Record<Evidence, FirstSeen>>;
  prompts: string[];
}

export interface EntryWithCounts extends Entry {
  count: number;
  counts: Record<Evidence, number>;
}

/** What every discovery-log record says of its (cell, evidence) pair. */
interface LoggedPair {
  seq: number;
  registry: RegistryName;
  domain: string;
  key: string;
  name: string;
  evidence: Evidence;
  origin: Origin;
  unit: string | null;
  at: string;
}

/** One new (cell, evidence) pair, as written to the discovery log and published on the bus. */
export interface Discovery extends LoggedPair {
  depth_breakdown?: Record<string, unknown>;
  source: Source;
}

/**
 * A pair taken out of the registry because the ingested batch that alone supported it was
 * revoked. It is logged under a seq of its own, after the discovery it undoes; its origin is
 * that of the sighting undone.
 */
export interface Retraction extends LoggedPair {
  retracted: { batch: number; client: string };
}

/** A discovery-log record: the log holds discoveries and the retractions that undo them. */
export type LogRecord = Discovery | Retraction;

export const isRetraction = (r: LogRecord): r is Retraction => 'retracted' in r;

/** Records read from the discovery log per page: catching up, replaying, recounting. */
export const LOG_PAGE = 1000;

/** An ingested batch as kept for listing and revocation. */
export interface IngestedBatch {
  id: number;
  /** The token name it came with, or the address it came from when the API has no tokens. */
  client: string;
  at: string;
  /** The discovery-log seq after it. */
  seq: number;
  observations: number;
  /** Distinct (cell, evidence) pairs. */
  cells: number;
  revoked?: { at: string; by: string; seq: number; retracted: number; reduced: number };
}

/** One pair an ingested batch recorded, and how many observations of it. */
export interface IngestedPair {
  registry: RegistryName;
  domain: string;
  key: string;
  evidence: Evidence;
  count: number;
}

export interface Revocation {
  batch: IngestedBatch;
  /** Pairs no other record supported, taken out. */
  retractions: Retraction[];
  coverage: CoverageDelta[];
  seq: number;
  /** Set when the batch had been revoked before: nothing changed. */
  already?: boolean;
}

export interface CoverageDelta {
  registry: RegistryName;
  count: number;
  cells: number;
  coverage_pct: number;
  delta: number;
  seq: number;
}

export interface RecordResult {
  /** Observations in the batch. */
  observations: number;
  /** Distinct (cell, evidence) pairs the batch touched. */
  cells: number;
  discoveries: Discovery[];
  coverage: CoverageDelta[];
  /** The last discovery-log sequence number after the batch. */
  seq: number;
  /** Units newly covered, per completion space id (headline spaces and combination spaces). */
  gained: Record<string, number>;
  /** Spaces this batch completed (each is announced once, ever). */
  completed: Completion[];
  /** The batch was applied before under the same `once` id; nothing changed. */
  duplicate?: boolean;
  /** The id an ingested batch is kept under (see `CommitBatch.ingest`). */
  batch?: number;
}

/** A completion space reaching 100 %: stored once, in the transaction that completed it. */
export interface Completion {
  space: string;
  registry: RegistryName;
  domain: string | null;
  cells: number;
  /** The discovery-log sequence number at which it completed. */
  seq: number;
  at: string;
}

/** Covered units of one completion space. */
export interface SpaceCoverage {
  space: string;
  count: number;
  cells: number;
  /** Whether the service's completion waits for it. */
  required: boolean;
}
