import { VALUES } from '../base/values.js';
import { canonicalOfKey } from '../model/dynamic.js';
import type { FileExtraction } from '../extract/extract.js';
import { domainValue } from './spec.js';
import { DOMAIN_FIELDS, type SceneSpec, type SpecDomain } from '../model/scene.js';
import { domainField, type Conflict } from './holds.js';

/** One named value of an observed domain, and whether extraction saw it. */
export interface ShownValue {
  domain: SpecDomain;
  value: string;
  observed: boolean;
  /** True when a conflict names this value as hidden by another named value that was kept. */
  conflicted: boolean;
  /** Windows per value the domain showed ("static:2 roll:2"), or "nothing". */
  votes: string;
}

const OBSERVED = (Object.keys(DOMAIN_FIELDS) as SpecDomain[]).filter((d) => VALUES.dynamic_domains[d] === 'observed');

function votes(x: FileExtraction, domain: SpecDomain): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of x.cells) {
    if (c.registry !== 'dynamic' || c.domain !== domain) continue;
    const v = canonicalOfKey(domain, c.key) ?? c.key;
    out.set(v, (out.get(v) ?? 0) + c.observation.count);
  }
  return out;
}

/** A transition happens once: seen when any window saw it; any other value: shown by more windows than any other. */
function seen(counts: ReadonlyMap<string, number>, domain: SpecDomain, value: string): boolean {
  if (domain === 'transition_type') return counts.has(value);
  const mine = counts.get(value) ?? 0;
  return mine > 0 && [...counts].every(([v, n]) => v === value || n < mine);
}

/**
 * The values of observed domains a prompt named (`named`: dotted field → value, as `analyze`
 * reads them) that its spec renders, each with what extraction of the clip showed.
 */
export function shownValues(spec: SceneSpec, named: Readonly<Record<string, string>>, conflicts: readonly Conflict[], x: FileExtraction): ShownValue[] {
  const hidden = new Set(conflicts.filter((c) => c.rendered[1] === c.named[1]).map((c) => c.fields[0]));
  return OBSERVED.flatMap((domain) => {
    const field = domainField(domain);
    const value = domainValue(spec, domain);
    if (named[field] !== value) return [];
    const counts = votes(x, domain);
    return [{
      domain, value, observed: seen(counts, domain, value), conflicted: hidden.has(field),
      votes: [...counts].map(([v, n]) => `${v}:${n}`).join(' ') || 'nothing',
    }];
  });
}
