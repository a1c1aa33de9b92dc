import { joinId as id, pairId } from '../model/keys.js';
import type { CompletionTargets } from '../model/targets.js';
import { isRetraction } from '../model/records.js';
import { seqOf, type StoreTables } from './tables.js';
import type { CoverageTallies } from './tallies.js';

export interface StoreCheck {
  ok: boolean;
  log_records: number;
  evidence_pairs: number;
  entries: number;
  problems: string[];
}

/**
 * Checks that entries, counts and tallies agree with the discovery log: every (cell, evidence)
 * pair with a count has a discovery not undone by a later retraction, the ingested share of a
 * pair is within its count, and the tallies equal a recount of the units.
 */
export function checkStore(tables: StoreTables, tallies: CoverageTallies, targets: CompletionTargets): StoreCheck {
  const problems: string[] = [];
  const logged = new Set<string>();
  let logRecords = 0;
  for (const { value } of tables.log.getRange({})) {
    logRecords += 1;
    const pair = pairId(value);
    if (isRetraction(value)) {
      if (!logged.delete(pair)) problems.push(`retraction without a discovery: ${pair}`);
    } else {
      if (logged.has(pair)) problems.push(`discovery logged twice: ${pair}`);
      logged.add(pair);
    }
  }
  let pairs = 0;
  for (const { key, value } of tables.counts.getRange({})) {
    pairs += 1;
    if (value <= 0) problems.push(`non-positive count for ${key}`);
    if (!logged.has(key)) problems.push(`count without a discovery: ${key}`);
  }
  for (const { key, value } of tables.ingested.getRange({})) {
    if (value > (tables.counts.get(key) ?? 0)) problems.push(`ingested share above the count for ${key}`);
  }
  const seq = seqOf(tables);
  if (pairs !== logged.size) problems.push(`log has ${logged.size} pairs, counts have ${pairs}`);
  if (logRecords !== seq) problems.push(`log has ${logRecords} records, sequence is ${seq}`);
  let entries = 0;
  for (const _ of tables.entries.getKeys({})) entries += 1;
  for (const target of Object.values(targets.registries)) {
    let headline = 0;
    for (const d of target.domains) {
      let covered = 0;
      for (const [unit, tally] of tallies.unitTallies(d.registry, d.domain)) if (tallies.covers(d, unit, tally)) covered += 1;
      if (covered !== (tables.tallies.get(id(d.registry, d.domain)) ?? 0)) problems.push(`tally of ${d.registry}/${d.domain} is off`);
      if (d.headline) headline += covered;
    }
    if (headline !== (tables.tallies.get(target.registry) ?? 0)) problems.push(`tally of ${target.registry} is off`);
  }
  return { ok: problems.length === 0, log_records: logRecords, evidence_pairs: pairs, entries, problems };
}
