/**
 * Completion from an empty store: sweeps, then the explorer, for a fixed budget. Prints observed
 * cells per registry over time (one line per job), then times and job counts to the goals, and
 * compares with uniformly random choices simulated in the same run (the baseline). The lossy
 * codecs' hit rates are measured on fresh stores: H.264 yuv420p over opaque cells, VP9 yuva420p
 * over cells of every opacity. Last line: JSON.
 *
 *   node dist/bench/completion.js [--jobs 40] [--lossy-cells 1000] [--seed 1]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { lastValueFrom, toArray } from 'rxjs';
import { loadConfig } from '../src/base/config.js';
import { NARRATIVE_ASPECTS, narrativeValues } from '../src/base/values.js';
import { MemoryBus } from '../src/events/memory.js';
import { onLoopEvent } from '../src/events/loop-events.js';
import type { JobSummary } from '../src/events/subjects.js';
import { createLogger } from '../src/base/log.js';
import { openRegistry } from '../src/app/record-then-publish.js';
import { allColorKeys, parseColorKey } from '../src/model/color.js';
import type { JobRecord } from '../src/registry/jobs.js';
import type { CoverageDelta } from '../src/model/records.js';
import { mulberry32 } from '../src/base/random.js';
import { cpuSeconds } from '../src/base/cpu.js';
import { LoopController } from '../src/loop/controller.js';
import { loopProgress } from '../src/loop/metrics.js';
import { openRuntime } from '../src/app/runtime.js';
import type { LoopRuntime } from '../src/loop/runtime.js';
import { sweepColors, type SweepCodec } from '../src/loop/sweep/colors.js';
import { sweepSounds } from '../src/loop/sweep/sounds.js';
import { loadWorkflows } from '../src/loop/workflows.js';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '40' },
    'lossy-cells': { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
  },
});
const budget = Number(args.jobs);
const lossyCells = Number(args['lossy-cells']);
const seed = Number(args.seed);

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const scratch = mkdtempSync(join(tmpdir(), 'motionreg-completion-'));
const log = createLogger('silent');

async function open(name: string): Promise<LoopRuntime & { close(): Promise<void> }> {
  const config = loadConfig({ env: {}, overrides: { data_dir: join(scratch, name), log: { level: 'silent' } } });
  const bus = new MemoryBus();
  const actor = await openRegistry({ config, bus });
  const rt = await openRuntime({ config, actor, bus, log });
  return { ...rt, close: async () => { await rt.close(); await actor.close(); } };
}

const started = performance.now();
const cpuStart = cpuSeconds();
const elapsed = () => (performance.now() - started) / 1000;
const line = (c: CoverageDelta[]) => c.map((x) => `${x.registry} ${x.count}/${x.cells}`).join('  ');

const rt = await open('main');
const timeline: Array<{ t: number; job: number; workflow: string; coverage: Record<string, number> }> = [];
const onFinished = async ({ data }: { data: JobSummary }) => {
  const headline = await rt.actor.headline();
  timeline.push({ t: round(elapsed()), job: data.id, workflow: data.workflow, coverage: Object.fromEntries(headline.map((c) => [c.registry, c.count])) });
  process.stdout.write(`${elapsed().toFixed(1).padStart(7)} s  job ${String(data.id).padStart(4)} ${data.workflow.padEnd(8)} ${line(headline)}\n`);
};
onLoopEvent(rt.bus, 'job.done', onFinished);
onLoopEvent(rt.bus, 'job.failed', onFinished);

// Sound first: its figures are counted in jobs.
const sound = await sweepSounds(rt, {});
let primitivesAt: number | null = null;
let keysAt: number | null = null;
{
  // Replay the discovery log job by job: which sound keys (and so primitives) each sweep job added.
  const byJob = new Map<string, string[]>();
  for (const d of await rt.actor.discoveries(0, 100_000)) {
    if (d.registry === 'static_sound' && d.evidence === 'observed' && d.source.job_id) byJob.set(d.source.job_id, [...(byJob.get(d.source.job_id) ?? []), d.key]);
  }
  const keys = new Set<string>();
  sound.jobs.forEach((id, i) => {
    for (const key of byJob.get(String(id)) ?? []) keys.add(key);
    const primitives = new Set([...keys].map((k) => k.split('_')[2]));
    if (primitivesAt === null && primitives.size === rt.config.sound.primitives.length) primitivesAt = i + 1;
    if (keysAt === null && keys.size === rt.targets.registries.static_sound.cells) keysAt = i + 1;
  });
}

// Colors: time to 50 / 90 / 100 % of the cells, lossless sweep.
const colorStart = performance.now();
const colorMarks: Record<string, number | null> = { '50': null, '90': null, '100': null };
const colorCells = rt.targets.registries.static_color.cells;
const colors = await sweepColors(rt, {
  codec: 'qtrle',
  onProgress: (p) => {
    const share = (100 * p.hit) / colorCells;
    for (const mark of Object.keys(colorMarks)) {
      if (colorMarks[mark] === null && share >= Number(mark)) colorMarks[mark] = round((performance.now() - colorStart) / 1000);
    }
  },
});

// The explorer, until narrative and every observable dynamic value are complete, or the budget.
const explorerWorkflow = loadWorkflows().get('explorer')!;
const explored: JobRecord[] = [];
let narrativeAt: number | null = null;
let dynamicAt: number | null = null;
while (explored.length < budget && (narrativeAt === null || dynamicAt === null)) {
  const [result] = await lastValueFrom(new LoopController(rt, explorerWorkflow, { jobs: 1, seed: seed + explored.length }).run().pipe(toArray()));
  explored.push(result.job);
  const r = (await rt.actor.coverage()).registries;
  if (narrativeAt === null && r.narrative.count === r.narrative.cells) narrativeAt = explored.length;
  const observable = Object.values(r.dynamic.domains).filter((d) => d.evidence === 'observed');
  if (dynamicAt === null && observable.every((d) => d.missing.length === 0)) dynamicAt = explored.length;
}

// Jobs aimed at each observable dynamic value until it was first observed (from the discovery log).
const firstSeenBy = new Map<string, Set<string>>();
for (const d of await rt.actor.discoveries(0, 1_000_000)) {
  if (d.registry !== 'dynamic' || d.evidence !== 'observed' || !d.source.job_id || d.unit === null) continue;
  const set = firstSeenBy.get(d.source.job_id) ?? new Set<string>();
  set.add(`${d.domain}=${d.unit}`);
  firstSeenBy.set(d.source.job_id, set);
}
const attempts = new Map<string, number>();
const reached = new Set<string>();
for (const job of explored) {
  for (const t of job.targets) {
    const id = `${t.domain}=${t.key}`;
    if (t.registry !== 'dynamic' || rt.targets.domain('dynamic', t.domain)?.kind !== 'canonical' || reached.has(id)) continue;
    attempts.set(id, (attempts.get(id) ?? 0) + 1);
  }
  for (const id of firstSeenBy.get(String(job.id)) ?? []) reached.add(id);
}
const report = (await rt.actor.coverage()).registries;
const unreached = Object.entries(report.dynamic.domains).filter(([, d]) => d.evidence === 'observed').flatMap(([domain, d]) => d.missing.map((v) => `${domain}=${v}`));
const worstAttempts = Math.max(0, ...[...attempts.entries()].filter(([id]) => reached.has(id)).map(([, n]) => n));
const overThree = [...attempts.entries()].filter(([, n]) => n > 3).sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} (${n}${reached.has(id) ? '' : ', not reached'})`);
const progress = await loopProgress(rt.actor, rt.targets, 10_000);
const cpu = cpuSeconds() - cpuStart;
const headline = await rt.actor.headline();
const totalNew = headline.reduce((n, c) => n + c.count, 0);
await rt.close();

// Lossy delivery codecs, each on a fresh store, two attempts with the codec's shift calibrated.
const rand = mulberry32(seed);
const sample = (keys: string[], n: number) => {
  const pool = [...keys];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
};
const opaque = allColorKeys().filter((k) => parseColorKey(k)!.step === 20);
const lossy: Record<string, unknown> = {};
for (const [codec, keys] of [['h264', sample(opaque, lossyCells)], ['vp9', sample(allColorKeys(), lossyCells)]] as Array<[SweepCodec, string[]]>) {
  const fresh = await open(codec);
  const r = await sweepColors(fresh, { codec, keys, attempts: 2 });
  lossy[codec] = { aimed: r.aimed, first_attempt: round(r.attempts[0].hit / r.attempts[0].aimed, 4), within_two: r.hit_rate, seconds: r.seconds };
  await fresh.close();
}
rmSync(scratch, { recursive: true, force: true });

// Baselines, simulated with the same seed: uniformly random colors until all cells are drawn,
// uniformly random narrative values until every origin value is named.
function couponDraws(size: number, r: () => number): number {
  const seen = new Uint8Array(size);
  let left = size;
  let draws = 0;
  while (left > 0) {
    draws += 1;
    const i = Math.floor(r() * size);
    if (!seen[i]) { seen[i] = 1; left -= 1; }
  }
  return draws;
}
const randomColorDraws = couponDraws(colorCells, mulberry32(seed));
const narrativeRandom = (() => {
  const r = mulberry32(seed);
  const left = new Map(NARRATIVE_ASPECTS.map((a) => [a, new Set(narrativeValues(a))]));
  let jobs = 0;
  while ([...left.values()].some((s) => s.size > 0)) {
    jobs += 1;
    for (const a of NARRATIVE_ASPECTS) {
      const values = narrativeValues(a);
      left.get(a)!.delete(values[Math.floor(r() * values.length)]);
    }
  }
  return jobs;
})();

const colorFrames = colors.jobs.length * 8;
process.stdout.write(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.versions.node}\n`);
process.stdout.write(`static color (lossless sweep): ${colors.hit}/${colors.aimed} cells in ${colors.seconds} s over ${colors.jobs.length} jobs; 50 % at ${colorMarks['50']} s, 90 % at ${colorMarks['90']} s, 100 % at ${colorMarks['100']} s (goal 60 s)\n`);
process.stdout.write(`  baseline: uniformly random colors need ${randomColorDraws} draws to fill ${colorCells} cells; the sweep used ${colors.aimed} aimed tiles in ~${colorFrames} frames (${round(randomColorDraws / Math.max(1, colors.aimed), 1)}× fewer draws)\n`);
process.stdout.write(`lossy codecs (calibrated shift, 2 attempts): ${JSON.stringify(lossy)} (goal ≥ 0.95 within two)\n`);
process.stdout.write(`static sound: all ${rt.config.sound.primitives.length} primitives by job ${primitivesAt} (goal 5), all ${report.static_sound.cells} keys by job ${keysAt} (goal 20); ${sound.hit}/${sound.aimed} keys hit\n`);
process.stdout.write(`narrative: 100 % after ${narrativeAt ?? '–'} explorer jobs (goal 30; uniformly random values would need ${narrativeRandom})\n`);
process.stdout.write(`dynamic: every observable value after ${dynamicAt ?? '–'} explorer jobs; at most ${worstAttempts} aimed jobs per value (goal 3); ${attempts.size - overThree.length} of ${attempts.size} aimed values within 3${overThree.length ? ` — more: ${overThree.join(', ')}` : ''}${unreached.length ? `; not reached: ${unreached.join(', ')}` : ''}\n`);
process.stdout.write(`novel cells: ${totalNew} headline cells, ${round(totalNew / cpu, 1)} per CPU-second over ${round(cpu, 1)} CPU s; explorer hit rates ${JSON.stringify(progress.hit_rate)}\n`);

process.stdout.write(`${JSON.stringify({
  bench: 'completion', machine: { cpus: cpus().length, node: process.versions.node },
  static_color: { cells: colorCells, filled: colors.hit, seconds: colors.seconds, time_to_pct: colorMarks, random_draws_baseline: randomColorDraws },
  lossy,
  static_sound: { primitives_by_job: primitivesAt, keys_by_job: keysAt, hit_rate: sound.hit_rate },
  narrative: { complete_by_job: narrativeAt, random_baseline_jobs: narrativeRandom },
  dynamic: { complete_by_job: dynamicAt, max_jobs_per_value: worstAttempts, values_over_three: overThree, unreached },
  explorer_jobs: explored.length,
  novel_cells_per_cpu_second: round(totalNew / cpu, 2),
  timeline_points: timeline.length,
  seconds: round(elapsed()),
})}\n`);
