/**
 * Completion as a user runs it: `motion-registry start` (the command behind `npm start`) on an
 * empty data dir, its coverage polled over HTTP every second. Prints the time to 50 / 90 / 100 %
 * of every registry and combination space, the CPU seconds the whole process tree used, and its
 * CPU use in the minute after the last required space completed. Baseline in the same run: the
 * explorer + exploiter pair the service used to run, for the same wall time. Then a run whose
 * config leaves genre × mood × theme out of the targets, to measure the idle service. Last line: JSON.
 *
 *   node dist/bench/service-completion.js [--limit-s 600] [--idle-s 60] [--skip-baseline]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CoverageReport } from '../src/registry/coverage.js';

const { values: args } = parseArgs({
  options: {
    'limit-s': { type: 'string', default: '600' },
    'idle-s': { type: 'string', default: '60' },
    'skip-baseline': { type: 'boolean', default: false },
  },
});
const limitS = Number(args['limit-s']);
const idleS = Number(args['idle-s']);
const BIN = fileURLToPath(new URL('../../bin/motion-registry.js', import.meta.url));
const TICK = 100; // clock ticks per second in /proc
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const scratch = mkdtempSync(join(tmpdir(), 'motionreg-service-'));

/** CPU seconds of a process and every descendant, alive or reaped, from /proc. */
function treeCpu(pid: number): number {
  let total = 0;
  const stat = (p: number) => readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  const walk = (p: number, withReaped: boolean) => {
    try {
      const f = stat(p);
      total += (Number(f[11]) + Number(f[12]) + (withReaped ? Number(f[13]) + Number(f[14]) : 0)) / TICK;
      for (const tid of readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) walk(Number(tid), true);
    } catch {
      // The process ended between listing and reading: its time is in its parent's reaped time.
    }
  };
  walk(pid, true);
  return total;
}

interface Service {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

async function startService(data: string, extra: string[], config?: string): Promise<Service> {
  const env = { ...process.env, MOTION_REGISTRY_API__PORT: '0', MOTION_REGISTRY_LOG__LEVEL: 'info', NATS_URL: '' };
  const child = spawn(process.execPath, [BIN, 'start', '--data', data, ...(config ? ['--config', config] : []), ...extra], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr = (stderr + c.toString()).slice(-200_000); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /"address":"(http:\/\/[^"]+)"/.exec(stderr);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`start exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
  return { child, url, stderr: () => stderr };
}

async function stopService(s: Service): Promise<void> {
  const exited = new Promise((resolve) => s.child.once('exit', resolve));
  s.child.kill('SIGINT');
  await Promise.race([exited, sleep(60_000).then(() => s.child.kill('SIGKILL'))]);
}

const coverage = async (s: Service) => (await (await fetch(`${s.url}/api/registries/coverage`)).json()) as CoverageReport;

interface Run {
  /** Seconds from start to 50, 90 and 100 % per space (null when not reached). */
  times: Record<string, { p50: number | null; p90: number | null; p100: number | null }>;
  final: Record<string, number>;
  all_required_s: number | null;
  cpu_s: number;
  idle_cpu_pct: number | null;
  jobs: number;
}

/** Polls a running service every second until `until` says stop; records threshold times per space. */
async function observe(s: Service, stopWhen: (elapsed: number, report: CoverageReport) => boolean, label: string): Promise<Omit<Run, 'idle_cpu_pct' | 'jobs'> & { report: CoverageReport; t0: number }> {
  const t0 = performance.now();
  const times: Run['times'] = {};
  let allRequired: number | null = null;
  let report: CoverageReport;
  let lastLine = 0;
  for (;;) {
    report = await coverage(s);
    const elapsed = (performance.now() - t0) / 1000;
    for (const sp of report.completion.spaces) {
      const t = (times[sp.space] ??= { p50: null, p90: null, p100: null });
      const pct = (100 * sp.count) / sp.cells;
      if (t.p50 === null && pct >= 50) t.p50 = round(elapsed);
      if (t.p90 === null && pct >= 90) t.p90 = round(elapsed);
      if (t.p100 === null && pct >= 100) t.p100 = round(elapsed);
    }
    if (allRequired === null && report.completion.complete) allRequired = round(elapsed);
    if (elapsed - lastLine >= 15) {
      lastLine = elapsed;
      process.stdout.write(`${label} ${round(elapsed)} s: ${report.completion.spaces.map((sp) => `${sp.space} ${sp.count}/${sp.cells}`).join(' · ')}\n`);
    }
    if (stopWhen(elapsed, report)) break;
    await sleep(Math.max(0, 1000 - ((performance.now() - t0) % 1000)));
  }
  return {
    times, report, t0, all_required_s: allRequired, cpu_s: round(treeCpu(s.child.pid!)),
    final: Object.fromEntries(report.completion.spaces.map((sp) => [sp.space, sp.count])),
  };
}

interface JobSummary { id: number; strategy?: string; finished_at?: string; gained?: Record<string, number> }
const jobList = async (s: Service) => ((await (await fetch(`${s.url}/api/jobs?last=10000`)).json()) as { jobs: JobSummary[] }).jobs;
const jobsOf = async (s: Service) => (await jobList(s))[0]?.id ?? 0;

function table(runs: Record<string, Run>): void {
  const spaces = Object.keys(Object.values(runs)[0].times);
  for (const [name, run] of Object.entries(runs)) {
    process.stdout.write(`\n${name}: ${run.jobs} jobs, ${run.cpu_s} CPU s, every required space at ${run.all_required_s ?? '–'} s${run.idle_cpu_pct !== null ? `, idle CPU ${run.idle_cpu_pct} % of one core` : ''}\n`);
    process.stdout.write(`${'space'.padEnd(34)}${'50 %'.padStart(8)}${'90 %'.padStart(8)}${'100 %'.padStart(8)}${'final'.padStart(8)}\n`);
    for (const sp of spaces) {
      const t = run.times[sp];
      const f = (v: number | null) => (v === null ? '–' : `${v}`).padStart(8);
      process.stdout.write(`${sp.padEnd(34)}${f(t.p50)}${f(t.p90)}${f(t.p100)}${String(run.final[sp]).padStart(8)}\n`);
    }
  }
}

const runs: Record<string, Run> = {};
try {
  process.stdout.write(`machine: ${cpus().length} × ${cpus()[0].model}, node ${process.version}\n`);
  // 1. The service as shipped: every space a target, until all but genre × mood × theme are done, then a minute more.
  const service = await startService(join(scratch, 'service'), []);
  const required = (r: CoverageReport) => r.completion.spaces.filter((sp) => sp.space !== 'narrative.genre_mood_themes').every((sp) => sp.count >= sp.cells);
  let doneAt: number | null = null;
  let doneWall = '';
  const main = await observe(service, (elapsed, r) => {
    if (doneAt === null && required(r)) {
      doneAt = elapsed;
      doneWall = new Date().toISOString();
    }
    return elapsed >= limitS || (doneAt !== null && elapsed >= doneAt + idleS);
  }, 'service');
  // After the rest is complete, the only space left is genre × mood × theme: every job should add a triple.
  const after = (await jobList(service)).filter((j) => doneWall !== '' && (j.finished_at ?? '') > doneWall);
  const triples = { jobs: after.length, with_new_triple: after.filter((j) => (j.gained?.['narrative.genre_mood_themes'] ?? 0) >= 1).length };
  const jobs = await jobsOf(service);
  await stopService(service);
  runs.service = { ...main, all_required_s: doneAt === null ? null : round(doneAt), idle_cpu_pct: null, jobs };
  const mainElapsed = Math.ceil(doneAt ?? limitS);

  // 2. Without genre × mood × theme among the targets: complete, then idle; CPU over the minute after.
  const configFile = join(scratch, 'no-triples.yaml');
  writeFileSync(configFile, 'completion:\n  spaces: [gradient_camera, sound_tempo_mood_presence]\n');
  const idle = await startService(join(scratch, 'idle'), [], configFile);
  let idleStart: { at: number; cpu: number } | null = null;
  const idleRun = await observe(idle, (elapsed, r) => {
    if (idleStart === null && r.completion.complete) idleStart = { at: elapsed, cpu: treeCpu(idle.child.pid!) };
    return elapsed >= limitS || (idleStart !== null && elapsed >= idleStart.at + idleS);
  }, 'idle-config');
  const idleCpu = idleStart === null ? null : round((100 * (treeCpu(idle.child.pid!) - (idleStart as { cpu: number }).cpu)) / idleS, 2);
  runs.idle_config = { ...idleRun, idle_cpu_pct: idleCpu, jobs: await jobsOf(idle) };
  await stopService(idle);

  // 3. Baseline: the explorer + exploiter pair for the wall time the service needed.
  if (!args['skip-baseline']) {
    const base = await startService(join(scratch, 'baseline'), ['--workflow', 'explorer', '--workflow', 'exploiter']);
    const baseRun = await observe(base, (elapsed) => elapsed >= mainElapsed, 'baseline');
    runs.baseline = { ...baseRun, idle_cpu_pct: null, jobs: await jobsOf(base) };
    await stopService(base);
  }
  table(runs);
  process.stdout.write(`\nafter the rest completed: ${triples.with_new_triple} of ${triples.jobs} jobs added a new genre × mood × theme triple\n`);
  if (runs.baseline) {
    const ratio = (sp: string) => `${sp} ${runs.service.final[sp]} vs ${runs.baseline!.final[sp]}`;
    process.stdout.write(`service vs baseline at ${mainElapsed} s: ${Object.keys(runs.service.final).map(ratio).join(' · ')}\n`);
  }
  process.stdout.write(`${JSON.stringify({
    bench: 'service-completion', machine: `${cpus().length} × ${cpus()[0].model}`, node: process.version,
    service: runs.service, triples_after: triples, idle_config: runs.idle_config, baseline: runs.baseline ?? null,
  })}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
