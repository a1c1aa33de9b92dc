import type { RegistryName } from '../../model/registries.js';
import type { LoopRuntime } from '../runtime.js';

/** Cells of a static domain not observed yet, in the domain's declared order. */
export async function missingKeys(rt: LoopRuntime, registry: RegistryName, domain: string): Promise<string[]> {
  const observed = await rt.actor.unitCounts(registry, domain);
  return rt.targets.domain(registry, domain)!.units.filter((key) => !(key in observed));
}

/**
 * The keys to aim at: the requested ones in declared order (so neighbouring cells share clips),
 * without those that cannot be produced, at most `limit`; `skipped` counts the unproducible ones.
 */
export function pickKeys(units: readonly string[], requested: Iterable<string>, producible: (key: string) => boolean, limit?: number): { keys: string[]; skipped: number } {
  const wanted = new Set(requested);
  const ordered = units.filter((key) => wanted.has(key));
  const keys = ordered.filter(producible);
  return { keys: limit === undefined ? keys : keys.slice(0, limit), skipped: ordered.length - keys.length };
}
