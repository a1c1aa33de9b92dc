import type { Evidence } from '../config/origins.js';
import type { RegistryName } from './targets.js';

export type { Evidence } from '../config/origins.js';
export type { RegistryName } from './targets.js';

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

/** One new (cell, evidence) pair, as written to the discovery log and published on the bus. */
export interface Discovery {
  seq: number;
  registry: RegistryName;
  domain: string;
  key: string;
  name: string;
  evidence: Evidence;
  origin: Origin;
  unit: string | null;
  depth_breakdown?: Record<string, unknown>;
  source: Source;
  at: string;
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
