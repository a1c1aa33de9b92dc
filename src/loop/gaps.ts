import type { CoverageReport } from '../registry/coverage.js';
import type { RegistryActor } from '../registry/actor.js';
import type { CompletionTargets, DomainTarget } from '../model/targets.js';
import { COLOR_DOMAIN, SOUND_DOMAIN } from '../model/registries.js';
import { parseSoundKey } from '../model/sound.js';

/** One domain's value space as the loop sees it: what is missing and how often the rest was recorded. */
export interface DomainGaps {
  units: readonly string[];
  missing: string[];
  /** Records of the evidence that counts for the domain, per unit that has any. */
  counts: Record<string, number>;
}

/** A snapshot of every registry's gaps, read once per job. */
export interface Gaps {
  report: CoverageReport;
  color: DomainGaps;
  sound: DomainGaps & { primitivesMissing: string[] };
  /** Dynamic domains and combination spaces. */
  dynamic: Record<string, DomainGaps>;
  narrative: Record<string, DomainGaps>;
}

async function domainGaps(actor: RegistryActor, target: DomainTarget, missing?: string[]): Promise<DomainGaps> {
  const counts = await actor.unitCounts(target.registry, target.domain, target.evidence);
  return { units: target.units, missing: missing ?? target.units.filter((u) => !(u in counts)), counts };
}

export async function readGaps(actor: RegistryActor, targets: CompletionTargets): Promise<Gaps> {
  const report = await actor.coverage();
  const r = report.registries;
  const t = targets.registries;
  const dynamic: Record<string, DomainGaps> = {};
  for (const d of t.dynamic.domains) {
    const covered = d.headline ? r.dynamic.domains[d.domain] : r.dynamic.combinations[d.domain];
    dynamic[d.domain] = await domainGaps(actor, d, covered.missing);
  }
  const narrative: Record<string, DomainGaps> = {};
  for (const d of t.narrative.domains) {
    narrative[d.domain] = await domainGaps(actor, d, d.headline ? r.narrative.aspects[d.domain].missing : undefined);
  }
  const sound = await domainGaps(actor, targets.domain('static_sound', SOUND_DOMAIN)!, r.static_sound.missing_keys);
  return {
    report,
    color: await domainGaps(actor, targets.domain('static_color', COLOR_DOMAIN)!),
    sound: { ...sound, primitivesMissing: r.static_sound.primitives_missing },
    dynamic,
    narrative,
  };
}

/**
 * Missing or rare first: a missing value when there is one (uniformly among them), otherwise
 * a value drawn with weight inverse to its count.
 */
export function pickGap(rng: () => number, gaps: DomainGaps, allowed: readonly string[] = gaps.units): string {
  const missing = gaps.missing.filter((u) => allowed.includes(u));
  if (missing.length > 0) return missing[Math.floor(rng() * missing.length)];
  const weights = allowed.map((u) => 1 / Math.max(1, gaps.counts[u] ?? 0));
  let x = rng() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < allowed.length; i++) {
    x -= weights[i];
    if (x < 0) return allowed[i];
  }
  return allowed[allowed.length - 1];
}

/** Missing sound keys of one primitive (as timbre), for aiming audio layers at absent amplitude bands. */
export function missingSoundKeysOf(gaps: Gaps, primitive: string): string[] {
  return gaps.sound.missing.filter((key) => parseSoundKey(key)?.timbre === primitive);
}
