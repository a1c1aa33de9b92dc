import type { Config } from '../base/config-schema.js';
import { VALUES, NARRATIVE_ASPECTS, narrativeValues, type Evidence } from '../base/values.js';
import { allColorKeys, parseColorKey } from './color.js';
import { allSoundKeys } from './sound.js';
import { canonicalOfKey, dynamicValues, isDeclaredDynamicKey } from './dynamic.js';
import { COMBINATION_SEPARATOR } from '../base/values.js';
import { crossProduct } from './combination.js';
import { COLOR_DOMAIN, REGISTRIES, SOUND_DOMAIN, type RegistryName } from './registries.js';

/**
 * Completion targets: the one place that says, for every registry, what its value space is,
 * how big it is and what "complete" means. Coverage, the loop, the dashboard and tests read it.
 */


export interface DomainTarget {
  registry: RegistryName;
  domain: string;
  /** cells: every key is a unit; canonical: units are canonical values; combination: joined values. */
  kind: 'cells' | 'canonical' | 'combination';
  /** The evidence that counts toward coverage. */
  evidence: Evidence;
  /** Values recorded from the spec because pixels or samples cannot tell them apart: value → reason. */
  intendedOnly: Record<string, string>;
  /** Whether the domain counts toward its registry's headline figure. */
  headline: boolean;
  units: readonly string[];
  size: number;
}

/**
 * A space that completion is measured over: a registry's headline space, or one combination
 * space. `id` names it in events and reports: `static_color`, `dynamic.gradient_camera`.
 */
export interface CompletionSpace {
  id: string;
  registry: RegistryName;
  /** The combination domain, or null for a registry's headline space. */
  domain: string | null;
  cells: number;
  /** Whether completion of the service waits for it (combination spaces can be left out in config). */
  required: boolean;
}

/** A space's id: the registry alone for its headline space, `registry.domain` for a combination space. */
export const spaceId = (registry: RegistryName, domain: string | null = null) => (domain === null ? registry : `${registry}.${domain}`);

/**
 * Intended-only cells of a combination space from `{pattern: reason}`, where a pattern joins one
 * value or `*` per part: `medium+*+silence` stands for every mood.
 */
export function expandCombinationPatterns(units: readonly string[], patterns: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [pattern, reason] of Object.entries(patterns)) {
    const parts = pattern.split(COMBINATION_SEPARATOR);
    for (const unit of units) {
      const values = unit.split(COMBINATION_SEPARATOR);
      if (values.length === parts.length && parts.every((p, i) => p === '*' || p === values[i])) out[unit] = reason;
    }
  }
  return out;
}

export interface RegistryTarget {
  registry: RegistryName;
  /** Size of the headline space. */
  cells: number;
  complete: string;
  stretch?: string;
  domains: DomainTarget[];
  /** Static sound: the primitives that must all appear in some depth_breakdown. */
  primitives?: string[];
}

function domainTarget(
  registry: RegistryName,
  domain: string,
  kind: DomainTarget['kind'],
  units: string[],
  evidence: Evidence,
  headline: boolean,
  intendedOnly: Record<string, string> = {},
): DomainTarget {
  return { registry, domain, kind, evidence, intendedOnly, headline, units, size: units.length };
}

export class CompletionTargets {
  readonly registries: Record<RegistryName, RegistryTarget>;
  private readonly unitSets = new Map<string, Set<string>>();
  private readonly domains = new Map<string, DomainTarget>();

  /** Every space completion is measured over, registries first. */
  readonly spaces: CompletionSpace[];

  constructor(config: Pick<Config, 'sound' | 'dynamic' | 'completion'>) {
    const primitives = [...config.sound.primitives];
    const color = [domainTarget('static_color', COLOR_DOMAIN, 'cells', allColorKeys(), 'observed', true)];
    const sound = [domainTarget('static_sound', SOUND_DOMAIN, 'cells', allSoundKeys(primitives), 'observed', true)];
    const dynamic = [
      ...Object.entries(VALUES.dynamic_domains).map(([domain, evidence]) =>
        domainTarget('dynamic', domain, 'canonical', dynamicValues(domain), evidence, true, config.dynamic.intended_only[domain] ?? {})),
      ...Object.keys(VALUES.dynamic_combinations).map((domain) => {
        const units = dynamicValues(domain);
        return domainTarget('dynamic', domain, 'combination', units, 'observed', false, expandCombinationPatterns(units, config.dynamic.intended_only[domain] ?? {}));
      }),
    ];
    const narrative = [
      ...NARRATIVE_ASPECTS.map((aspect) => domainTarget('narrative', aspect, 'canonical', narrativeValues(aspect), 'intended', true)),
      ...Object.entries(VALUES.narrative.combinations).map(([domain, aspects]) =>
        domainTarget('narrative', domain, 'combination', crossProduct(aspects.map(narrativeValues)), 'intended', false)),
    ];
    const headline = (domains: DomainTarget[]) => domains.filter((d) => d.headline).reduce((n, d) => n + d.size, 0);
    this.registries = {
      static_color: {
        registry: 'static_color', cells: headline(color), domains: color,
        complete: `every one of the ${headline(color)} color keys observed`,
      },
      static_sound: {
        registry: 'static_sound', cells: headline(sound), domains: sound, primitives,
        complete: `all ${primitives.length} primitives present in some depth_breakdown`,
        stretch: `all ${headline(sound)} sound keys observed`,
      },
      dynamic: {
        registry: 'dynamic', cells: headline(dynamic), domains: dynamic,
        complete: 'every canonical value of every domain observed',
        stretch: 'every cell of the combination spaces observed',
      },
      narrative: {
        registry: 'narrative', cells: headline(narrative), domains: narrative,
        complete: 'every canonical value of every aspect recorded',
        stretch: 'every cell of the combination spaces recorded',
      },
    };
    const required = new Set(config.completion.spaces);
    this.spaces = [
      ...REGISTRIES.map((registry): CompletionSpace => ({ id: spaceId(registry), registry, domain: null, cells: this.registries[registry].cells, required: true })),
      ...REGISTRIES.flatMap((registry) => this.registries[registry].domains.filter((d) => d.kind === 'combination').map((d): CompletionSpace => ({
        id: spaceId(registry, d.domain), registry, domain: d.domain, cells: d.size, required: required.has(d.domain),
      }))),
    ];
    for (const target of Object.values(this.registries)) {
      for (const d of target.domains) {
        this.domains.set(`${d.registry}/${d.domain}`, d);
        this.unitSets.set(`${d.registry}/${d.domain}`, new Set(d.units));
      }
    }
  }

  domain(registry: RegistryName, domain: string): DomainTarget | undefined {
    return this.domains.get(`${registry}/${domain}`);
  }

  /** The coverage unit an entry stands for, or null when its key lies outside the declared space. */
  unitOf(registry: RegistryName, domain: string, key: string): string | null {
    const units = this.unitSets.get(`${registry}/${domain}`);
    if (!units) return null;
    if (registry === 'static_color') return parseColorKey(key) ? key : null;
    if (registry === 'dynamic' && this.domains.get(`${registry}/${domain}`)!.kind !== 'combination') {
      return isDeclaredDynamicKey(domain, key) ? canonicalOfKey(domain, key) : null;
    }
    return units.has(key) ? key : null;
  }

  /** Whether evidence of this kind for this unit counts toward the domain's coverage. */
  counts(target: DomainTarget, evidence: Evidence, unit: string): boolean {
    return evidence === target.evidence || (evidence === 'intended' && unit in target.intendedOnly);
  }
}
