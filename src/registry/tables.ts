import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { MotionRegistryError } from '../base/errors.js';
import { joinId, SEP } from '../model/keys.js';
import type { Completion, CoverageDelta, Entry, IngestedBatch, LogRecord, Origin } from '../model/records.js';

/** Cells per (coverage unit, origin): how many (cell, evidence) pairs of each origin cover the unit. */
export type UnitTally = Record<Origin, number>;

/** A kept ingested batch with the pairs it recorded, in the batch's order. */
export interface KeptBatch extends IngestedBatch {
  pairs: string[];
  counts: number[];
}

/**
 * The named databases of the registry's LMDB environment. Keys of cells and pairs are the
 * model's ids; units are `registry␟domain␟unit`, tallies `registry` or `registry␟domain`, names
 * `registry␟name`.
 */
export interface StoreTables {
  root: RootDatabase;
  /** Entries by cell id. */
  entries: Database<Entry, string>;
  /** Records per (cell, evidence) pair. */
  counts: Database<number, string>;
  /** Per coverage unit, the pairs of each origin that cover it. */
  units: Database<UnitTally, string>;
  /** Covered units per registry (headline) and per domain. */
  tallies: Database<number, string>;
  /** The cell each name outside the declared space was given to. */
  names: Database<string, string>;
  /** The discovery log: discoveries and retractions by seq. */
  log: Database<LogRecord, number>;
  meta: Database<number, string>;
  completions: Database<Completion, string>;
  /** Coverage deltas by the seq of the batch that made them, until the bus acknowledges that seq. */
  outbox: Database<CoverageDelta[], number>;
  /** Batches applied once (`CommitBatch.once`), with the seq after them. */
  applied: Database<number, string>;
  /** Ingested batches by id, with their pairs. */
  batches: Database<KeptBatch, number>;
  /** Per pair, the observations ingested batches not revoked gave it. */
  ingested: Database<number, string>;
}

/** Keys of `meta`: the log's last seq, the last seq the bus acknowledged, the last ingested batch id. */
export const SEQ = 'seq';
export const PUBLISHED = 'published';
export const LAST_BATCH = 'batch';
/** Marks a completion as announced on the bus. */
export const announcedKey = (space: string) => `announced${SEP}${space}`;

/** Range bounds that cover every key starting with `prefix + SEP`. */
export const under = (...parts: string[]) => ({ start: joinId(...parts) + SEP, end: joinId(...parts) + '\u0020' });

export const seqOf = (tables: StoreTables): number => tables.meta.get(SEQ) ?? 0;

export function openTables(dir: string, readOnly: boolean): StoreTables {
  let root: RootDatabase;
  try {
    mkdirSync(dir, { recursive: true });
    // The environment lives in a dot-free subdirectory: lmdb treats a last segment with a dot as a file.
    root = open({ path: join(dir, 'registry'), maxDbs: 32, readOnly });
  } catch (err) {
    throw new MotionRegistryError('STORE_UNAVAILABLE', `cannot open the registry store in ${dir}: ${(err as Error).message}`, { dir });
  }
  return {
    root,
    entries: root.openDB({ name: 'entries' }),
    counts: root.openDB({ name: 'counts' }),
    units: root.openDB({ name: 'units' }),
    tallies: root.openDB({ name: 'tallies' }),
    names: root.openDB({ name: 'names' }),
    log: root.openDB({ name: 'log', keyEncoding: 'uint32' }),
    meta: root.openDB({ name: 'meta' }),
    completions: root.openDB({ name: 'completions' }),
    outbox: root.openDB({ name: 'outbox', keyEncoding: 'uint32' }),
    applied: root.openDB({ name: 'applied' }),
    batches: root.openDB({ name: 'batches', keyEncoding: 'uint32' }),
    ingested: root.openDB({ name: 'ingested' }),
  };
}
