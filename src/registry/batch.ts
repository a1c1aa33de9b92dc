import { normalizeBatch, type NormalizedObservation } from './observation.js';
import type { Source } from '../model/records.js';
import { pairId } from '../model/keys.js';

/** Prompts kept per color entry. */
export const MAX_PROMPTS = 5;

/**
 * A validated batch folded per (cell, evidence) pair, in first-seen order, as parallel arrays so
 * that it crosses to the actor thread cheaply. The first observation of a pair travels only when
 * the sender does not know the pair to be in the store already (a revocation makes the sender
 * forget the pairs it took out).
 */
export interface CommitBatch {
  observations: number;
  /** `registry␟domain␟key␟evidence` per pair. */
  pairs: string[];
  counts: number[];
  /** [pair index, first observation] for pairs not known to be stored. */
  firsts: Array<[number, NormalizedObservation]>;
  /** [pair index, prompts] for pairs whose observations carried prompts. */
  prompts: Array<[number, string[]]>;
  /**
   * Applies the batch at most once: a batch sent again with the same id (a redelivered job
   * result) changes nothing and is answered with `duplicate`.
   */
  once?: string;
  /** Keeps the batch, under the client that sent it, so that it can be listed and revoked. */
  ingest?: { client: string };
}


/** Validates a batch (one bad observation rejects it) and folds it per pair. */
export function groupBatch(observations: unknown, defaults: Source = {}, known: ReadonlySet<string> = new Set()): CommitBatch {
  const normalized = normalizeBatch(observations, defaults);
  // Nested maps keyed by the (interned) parts: cheaper than hashing a joined string per observation.
  const index = new Map<string, Map<string, Map<string, Map<string, number>>>>();
  const batch: CommitBatch = { observations: 0, pairs: [], counts: [], firsts: [], prompts: [] };
  const prompts = new Map<number, string[]>();
  for (const o of normalized) {
    let byEvidence = index.get(o.registry);
    if (!byEvidence) index.set(o.registry, (byEvidence = new Map()));
    let byDomain = byEvidence.get(o.evidence);
    if (!byDomain) byEvidence.set(o.evidence, (byDomain = new Map()));
    let byKey = byDomain.get(o.domain);
    if (!byKey) byDomain.set(o.domain, (byKey = new Map()));
    let i = byKey.get(o.key);
    if (i === undefined) {
      i = batch.pairs.length;
      byKey.set(o.key, i);
      const pair = pairId(o);
      batch.pairs.push(pair);
      batch.counts.push(0);
      if (!known.has(pair)) batch.firsts.push([i, o]);
    }
    batch.counts[i] += o.count;
    batch.observations += o.count;
    if (o.prompt) {
      const list = prompts.get(i) ?? [];
      if (list.length < MAX_PROMPTS && !list.includes(o.prompt)) prompts.set(i, [...list, o.prompt]);
    }
  }
  batch.prompts = [...prompts];
  return batch;
}

/** The error a commit fails with when a pair new to the store came without its first observation. */
export const MISSING_FIRST = 'missing_first';
