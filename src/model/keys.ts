import type { Evidence } from '../base/values.js';
import type { RegistryName } from './registries.js';

/**
 * Joins the parts of an id. Parts never hold it: observations' text fields reject control
 * characters, and keys are built from declared values.
 */
export const SEP = '\u001f';

/** The parts of an id joined by the separator. */
export const joinId = (...parts: string[]): string => parts.join(SEP);

/** A cell: `registry␟domain␟key`. */
export const cellId = (registry: string, domain: string, key: string): string => `${registry}${SEP}${domain}${SEP}${key}`;

/** A cell's (cell, evidence) pair: `registry␟domain␟key␟evidence`. */
export const cellPair = (cell: string, evidence: Evidence): string => `${cell}${SEP}${evidence}`;

export interface PairParts {
  registry: RegistryName;
  domain: string;
  key: string;
  evidence: Evidence;
}

/** The pair of an observation or a log record. */
export const pairId = (o: PairParts): string => cellPair(cellId(o.registry, o.domain, o.key), o.evidence);

/** The cell a pair belongs to. */
export const cellOfPair = (pair: string): string => pair.slice(0, pair.lastIndexOf(SEP));

/** The parts of a pair id: registry and domain lead, evidence ends it, and the key is what lies between. */
export function parsePair(pair: string): PairParts {
  const [registry, domain] = pair.split(SEP, 2);
  const evidenceAt = pair.lastIndexOf(SEP);
  const key = pair.slice(registry.length + domain.length + 2, evidenceAt);
  return { registry: registry as RegistryName, domain, key, evidence: pair.slice(evidenceAt + 1) as Evidence };
}
