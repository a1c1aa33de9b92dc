import type { Evidence } from '../base/values.js';
import { joinId as id, SEP } from '../model/keys.js';
import type { CompletionTargets, DomainTarget } from '../model/targets.js';
import { REGISTRIES, type RegistryName } from '../model/registries.js';
import type { Completion, CoverageDelta, Origin, SpaceCoverage } from '../model/records.js';
import { announcedKey, seqOf, under, type StoreTables, type UnitTally } from './tables.js';


/** Covered-unit changes per tally key (`registry` or `registry␟domain`), gathered in a transaction and applied at its end. */
export type TallyBumps = Map<string, number>;

type Space = CompletionTargets['spaces'][number];

const tallyKey = (space: Space) => (space.domain === null ? space.registry : id(space.registry, space.domain));

/**
 * Coverage kept as tallies: per unit, the pairs of each origin that cover it; per domain and per
 * registry, the units covered. Writes happen inside the caller's transaction.
 */
export class CoverageTallies {
  constructor(private readonly tables: StoreTables, private readonly targets: CompletionTargets) {}

  /**
   * Moves one (cell, evidence) of a unit from one origin's tally to another's (null: into or out
   * of the unit) and notes what that does to the covered counts; returns the change it makes to
   * the registry's headline coverage (-1, 0 or 1).
   */
  moveTally(registry: RegistryName, domain: string, unit: string, from: Origin | null, to: Origin | null, bumps: TallyBumps): number {
    const target = this.targets.domain(registry, domain)!;
    const unitKey = id(registry, domain, unit);
    const tally = this.tables.units.get(unitKey) ?? { observed: 0, intended: 0, ingested: 0 };
    const after = { ...tally };
    if (from) after[from] -= 1;
    if (to) after[to] += 1;
    this.tables.units.put(unitKey, after);
    const change = Number(this.covers(target, unit, after)) - Number(this.covers(target, unit, tally));
    if (change === 0) return 0;
    const domainKey = id(registry, domain);
    bumps.set(domainKey, (bumps.get(domainKey) ?? 0) + change);
    if (!target.headline) return 0;
    bumps.set(registry, (bumps.get(registry) ?? 0) + change);
    return change;
  }

  /** Adds the bumps a transaction gathered to the tallies. */
  apply(bumps: TallyBumps): void {
    for (const [key, bump] of bumps) this.tables.tallies.put(key, (this.tables.tallies.get(key) ?? 0) + bump);
  }

  covers(target: DomainTarget, unit: string, tally: UnitTally): boolean {
    const has: Record<Evidence, boolean> = { observed: tally.observed + tally.ingested > 0, intended: tally.intended > 0 };
    return (has.observed && this.targets.counts(target, 'observed', unit)) || (has.intended && this.targets.counts(target, 'intended', unit));
  }

  /** Covered units gained per completion space, from a batch's bumps. */
  gained(bumps: TallyBumps): Record<string, number> {
    const gained: Record<string, number> = {};
    for (const space of this.targets.spaces) {
      const bump = bumps.get(tallyKey(space));
      if (bump) gained[space.id] = bump;
    }
    return gained;
  }

  coverageDelta(registry: RegistryName, delta: number, seq: number): CoverageDelta {
    const count = this.tables.tallies.get(registry) ?? 0;
    const cells = this.targets.registries[registry].cells;
    return { registry, count, cells, coverage_pct: pct(count, cells), delta, seq };
  }

  /** Headline coverage of every registry, from the tallies kept in each batch's transaction. */
  headline(): CoverageDelta[] {
    const seq = seqOf(this.tables);
    return REGISTRIES.map((registry) => this.coverageDelta(registry, 0, seq));
  }

  /** Covered units of a completion space. */
  spaceCount(space: Space): number {
    return this.tables.tallies.get(tallyKey(space)) ?? 0;
  }

  /** Covered units and size of every completion space. */
  spaceCoverage(): SpaceCoverage[] {
    return this.targets.spaces.map((s) => ({ space: s.id, count: this.spaceCount(s), cells: s.cells, required: s.required }));
  }

  /** Every unit tally of a domain: the raw material of the coverage report. */
  *unitTallies(registry: RegistryName, domain: string): Iterable<[string, UnitTally]> {
    for (const { key, value } of this.tables.units.getRange(under(registry, domain))) {
      yield [key.slice(key.lastIndexOf(SEP) + 1), value];
    }
  }

  /** Stores a completion for every complete space that has none yet (inside a write transaction). */
  markCompletions(seq: number, at: string): Completion[] {
    const out: Completion[] = [];
    for (const space of this.targets.spaces) {
      if (this.spaceCount(space) < space.cells || this.tables.completions.get(space.id) !== undefined) continue;
      const completion: Completion = { space: space.id, registry: space.registry, domain: space.domain, cells: space.cells, seq, at };
      this.tables.completions.put(space.id, completion);
      out.push(completion);
    }
    return out;
  }

  /** Withdraws completions that no longer hold, to be announced again when regained (inside a write transaction). */
  withdrawCompletions(): void {
    for (const space of this.targets.spaces) {
      if (this.spaceCount(space) >= space.cells || this.tables.completions.get(space.id) === undefined) continue;
      this.tables.completions.remove(space.id);
      this.tables.meta.remove(announcedKey(space.id));
    }
  }

  /** Every completion stored, by space id. */
  completed(): Record<string, Completion> {
    return Object.fromEntries([...this.tables.completions.getRange({})].map(({ key, value }) => [key, value]));
  }
}

export function pct(count: number, cells: number): number {
  return cells === 0 ? 0 : Math.round((count / cells) * 10000) / 100;
}
