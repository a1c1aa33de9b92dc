import { cellFamily, OPACITY_KEYS, parseColorKey, type ColorCell } from '../model/color.js';
import { parseSoundKey } from '../model/sound.js';
import type { CompletionTargets, DomainTarget } from '../model/targets.js';
import type { RegistryName } from '../model/registries.js';
import { pct } from './tallies.js';
import type { UnitTally } from './tables.js';
import type { Completion, Origin, SpaceCoverage } from '../model/records.js';

/** What the coverage report reads: the unit tallies of each domain, and whether a tally covers its unit. */
export interface CoverageSource {
  readonly seq: number;
  unitTallies(registry: RegistryName, domain: string): Iterable<[string, UnitTally]>;
  covers(target: DomainTarget, unit: string, tally: UnitTally): boolean;
  spaceCoverage(): SpaceCoverage[];
  completed(): Record<string, Completion>;
}

/** One completion space in the report: its figure, whether completion waits for it, and when it completed. */
export interface SpaceReport extends SpaceCoverage {
  coverage_pct: number;
  /** When it reached 100 % (null while it has not). */
  completed_at: string | null;
}

export interface Figure {
  count: number;
  cells: number;
  coverage_pct: number;
}

export interface DomainCoverage {
  covered: number;
  size: number;
  coverage_pct: number;
  evidence: string;
  missing: string[];
  /** Units recorded only from a spec where the domain counts observed evidence. */
  intended_beside: number;
  intended_only: Record<string, string>;
}

export interface CoverageReport {
  seq: number;
  /** Every space completion is measured over; `complete` once every required one is. */
  completion: { complete: boolean; spaces: SpaceReport[] };
  registries: {
    static_color: Figure & {
      by_origin: Record<Origin, number>;
      by_family: Record<string, Figure>;
      by_shade: Record<string, Figure>;
      by_opacity: Record<string, Figure>;
      complete: string;
    };
    static_sound: Figure & {
      by_origin: Record<Origin, number>;
      key_coverage_pct: number;
      primitive_coverage_pct: number;
      primitives: string[];
      primitives_present: string[];
      primitives_missing: string[];
      missing_keys: string[];
      complete: string;
      stretch?: string;
    };
    dynamic: Figure & {
      by_origin: Record<Origin, number>;
      domains: Record<string, DomainCoverage>;
      combinations: Record<string, DomainCoverage>;
      complete: string;
      stretch?: string;
    };
    narrative: Figure & {
      by_origin: Record<Origin, number>;
      aspects: Record<string, { count: number; origin_size: number; coverage_pct: number; missing: string[] }>;
      narrative_min_coverage_pct: number;
      combinations: Record<string, DomainCoverage>;
      complete: string;
      stretch?: string;
    };
  };
}

const figure = (count: number, cells: number): Figure => ({ count, cells, coverage_pct: pct(count, cells) });

function domainCoverage(source: CoverageSource, target: DomainTarget, byOrigin: Record<Origin, number>, listMissing = true): DomainCoverage & { coveredUnits: Set<string> } {
  const coveredUnits = new Set<string>();
  let intendedBeside = 0;
  for (const [unit, tally] of source.unitTallies(target.registry, target.domain)) {
    for (const origin of Object.keys(byOrigin) as Origin[]) if (tally[origin] > 0) byOrigin[origin] += 1;
    if (source.covers(target, unit, tally)) coveredUnits.add(unit);
    else if (tally.intended > 0) intendedBeside += 1;
  }
  return {
    covered: coveredUnits.size,
    size: target.size,
    coverage_pct: pct(coveredUnits.size, target.size),
    evidence: target.evidence,
    missing: listMissing ? target.units.filter((u) => !coveredUnits.has(u)) : [],
    intended_beside: intendedBeside,
    intended_only: target.intendedOnly,
    coveredUnits,
  };
}

const strip = ({ coveredUnits: _, ...rest }: DomainCoverage & { coveredUnits: Set<string> }): DomainCoverage => rest;
const zeroOrigins = (): Record<Origin, number> => ({ observed: 0, intended: 0, ingested: 0 });

let colorGroups: Map<string, { family: string; shade: string; opacity: string }> | undefined;

function colorGroupOf(key: string): { family: string; shade: string; opacity: string } {
  colorGroups ??= new Map();
  let g = colorGroups.get(key);
  if (!g) {
    const cell = parseColorKey(key) as ColorCell;
    g = { ...cellFamily(cell), opacity: OPACITY_KEYS[cell.step] };
    colorGroups.set(key, g);
  }
  return g;
}

function breakdown(units: readonly string[], covered: Set<string>, by: 'family' | 'shade' | 'opacity'): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  for (const unit of units) {
    const group = colorGroupOf(unit)[by];
    const f = (out[group] ??= { count: 0, cells: 0, coverage_pct: 0 });
    f.cells += 1;
    if (covered.has(unit)) f.count += 1;
  }
  for (const f of Object.values(out)) f.coverage_pct = pct(f.count, f.cells);
  return out;
}

type Registries = CoverageReport['registries'];
type Targets = CompletionTargets['registries'];

function colorReport(source: CoverageSource, t: Targets): Registries['static_color'] {
  const by_origin = zeroOrigins();
  const [target] = t.static_color.domains;
  const color = domainCoverage(source, target, by_origin, false);
  return {
    ...figure(color.covered, t.static_color.cells),
    by_origin,
    by_family: breakdown(target.units, color.coveredUnits, 'family'),
    by_shade: breakdown(target.units, color.coveredUnits, 'shade'),
    by_opacity: breakdown(target.units, color.coveredUnits, 'opacity'),
    complete: t.static_color.complete,
  };
}

function soundReport(source: CoverageSource, t: Targets): Registries['static_sound'] {
  const by_origin = zeroOrigins();
  const [target] = t.static_sound.domains;
  const sound = domainCoverage(source, target, by_origin);
  const primitives = t.static_sound.primitives ?? [];
  const present = primitives.filter((p) => [...sound.coveredUnits].some((unit) => parseSoundKey(unit)?.timbre === p));
  return {
    ...figure(sound.covered, t.static_sound.cells),
    by_origin,
    key_coverage_pct: sound.coverage_pct,
    primitive_coverage_pct: pct(present.length, primitives.length),
    primitives,
    primitives_present: present,
    primitives_missing: primitives.filter((p) => !present.includes(p)),
    missing_keys: sound.missing,
    complete: t.static_sound.complete,
    stretch: t.static_sound.stretch,
  };
}

function dynamicReport(source: CoverageSource, t: Targets): Registries['dynamic'] {
  const by_origin = zeroOrigins();
  const domains: Record<string, DomainCoverage> = {};
  const combinations: Record<string, DomainCoverage> = {};
  let count = 0;
  for (const d of t.dynamic.domains) {
    const c = strip(domainCoverage(source, d, by_origin));
    if (d.headline) {
      domains[d.domain] = c;
      count += c.covered;
    } else combinations[d.domain] = c;
  }
  return { ...figure(count, t.dynamic.cells), by_origin, domains, combinations, complete: t.dynamic.complete, stretch: t.dynamic.stretch };
}

function narrativeReport(source: CoverageSource, t: Targets): Registries['narrative'] {
  const by_origin = zeroOrigins();
  const aspects: Registries['narrative']['aspects'] = {};
  const combinations: Record<string, DomainCoverage> = {};
  let count = 0;
  for (const d of t.narrative.domains) {
    const c = strip(domainCoverage(source, d, by_origin, d.headline));
    if (d.headline) {
      aspects[d.domain] = { count: c.covered, origin_size: c.size, coverage_pct: c.coverage_pct, missing: c.missing };
      count += c.covered;
    } else combinations[d.domain] = c;
  }
  const aspectPcts = Object.values(aspects).map((a) => a.coverage_pct);
  return {
    ...figure(count, t.narrative.cells),
    by_origin,
    aspects,
    narrative_min_coverage_pct: aspectPcts.length ? Math.min(...aspectPcts) : 0,
    combinations,
    complete: t.narrative.complete,
    stretch: t.narrative.stretch,
  };
}

/** The full coverage report, computed from the store's unit tallies and the completion targets. */
export function coverageReport(source: CoverageSource, targets: CompletionTargets): CoverageReport {
  const t = targets.registries;
  const completed = source.completed();
  const spaces = source.spaceCoverage().map((s): SpaceReport => ({
    ...s, coverage_pct: pct(s.count, s.cells), completed_at: completed[s.space]?.at ?? null,
  }));
  return {
    seq: source.seq,
    completion: { complete: spaces.every((s) => !s.required || s.count >= s.cells), spaces },
    registries: {
      static_color: colorReport(source, t),
      static_sound: soundReport(source, t),
      dynamic: dynamicReport(source, t),
      narrative: narrativeReport(source, t),
    },
  };
}
