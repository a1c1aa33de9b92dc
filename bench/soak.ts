/**
 * Memory over a long run, as an operator runs it: `motion-registry loop` (default the explorer
 * workflow) for --minutes on a fresh data dir, its resident memory (VmRSS, and apart from it the
 * ffmpeg children it has running), open file descriptors and threads sampled from /proc every
 * --interval-s, and jobs counted from its log lines. Baseline in the same run: the first quarter
 * against the last quarter, and the RSS slope of the first half against the last half. Verdict
 * "plateau" when the last half grows by less than 5 % of the mean RSS per 10 minutes. Samples go
 * to a CSV file. Last line: JSON.
 *
 *   node dist/bench/soak.js [--minutes 60] [--interval-s 10] [--workflow explorer] [--data DIR]
 *                           [--node-arg=--max-old-space-size=96]… [--out FILE.csv]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    'interval-s': { type: 'string', default: '10' },
    workflow: { type: 'string', multiple: true },
    data: { type: 'string' },
    'node-arg': { type: 'string', multiple: true, default: [] },
    out: { type: 'string' },
  },
});
const MINUTES = Number(args.minutes);
const INTERVAL_S = Number(args['interval-s']);
const WORKFLOWS = args.workflow ?? ['explorer'];
/** Last-half growth per 10 minutes, as a share of the mean RSS, under which memory has levelled off. */
const PLATEAU_SHARE = 0.05;
const BIN = fileURLToPath(new URL('../../bin/motion-registry.js', import.meta.url));
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const scratch = mkdtempSync(join(tmpdir(), 'motionreg-soak-'));
const data = args.data ?? join(scratch, 'data');
const out = args.out ?? join(tmpdir(), `motionreg-soak-${Date.now()}.csv`);

interface Sample {
  t_s: number;
  rss_mb: number;
  anon_mb: number;
  /** The resident memory of every descendant (ffmpeg decoders and encoders). */
  children_rss_mb: number;
  children: number;
  fds: number;
  threads: number;
  jobs: number;
}

function status(pid: number): Record<string, string> {
  return Object.fromEntries(readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').map((l) => l.split(/:\s+/, 2)).filter((kv) => kv.length === 2));
}
const kbToMb = (v: string | undefined) => Number.parseInt(v ?? '0', 10) / 1024;

/** Every descendant of a process, from the children lists of all its threads. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const walk = (p: number) => {
    try {
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        for (const c of readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
          found.push(Number(c));
          walk(Number(c));
        }
      }
    } catch {
      // Ended between listing and reading.
    }
  };
  walk(pid);
  return found;
}

function sample(pid: number, t: number, jobs: number): Sample | null {
  try {
    const s = status(pid);
    let childrenRss = 0;
    let children = 0;
    for (const c of descendants(pid)) {
      try {
        childrenRss += kbToMb(status(c).VmRSS);
        children += 1;
      } catch {
        // Reaped meanwhile.
      }
    }
    return {
      t_s: round(t), rss_mb: round(kbToMb(s.VmRSS)), anon_mb: round(kbToMb(s.RssAnon)), children_rss_mb: round(childrenRss), children,
      fds: readdirSync(`/proc/${pid}/fd`).length, threads: Number(s.Threads), jobs,
    };
  } catch {
    return null;
  }
}

/** Least-squares slope of a memory figure (default RSS) in MB per 10 minutes. */
function slope(xs: Sample[], of: (s: Sample) => number = (s) => s.rss_mb): number {
  if (xs.length < 2) return 0;
  const mt = xs.reduce((a, s) => a + s.t_s, 0) / xs.length;
  const mr = xs.reduce((a, s) => a + of(s), 0) / xs.length;
  const num = xs.reduce((a, s) => a + (s.t_s - mt) * (of(s) - mr), 0);
  const den = xs.reduce((a, s) => a + (s.t_s - mt) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 600;
}
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

const samples: Sample[] = [];
let jobs = 0;
let failed = 0;
try {
  process.stdout.write(`machine: ${cpus().length} × ${cpus()[0].model}, node ${process.version}\n`);
  process.stdout.write(`loop --workflow ${WORKFLOWS.join(' --workflow ')} --minutes ${MINUTES}, sampled every ${INTERVAL_S} s${args['node-arg'].length ? `, node ${args['node-arg'].join(' ')}` : ''}\n`);
  const env = { ...process.env, MOTION_REGISTRY_LOG__LEVEL: 'info', NATS_URL: '' };
  const child = spawn(process.execPath, [...args['node-arg'], BIN, 'loop', ...WORKFLOWS.flatMap((w) => ['--workflow', w]), '--minutes', String(MINUTES), '--data', data], {
    env, stdio: ['ignore', 'ignore', 'pipe'],
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      child.kill('SIGKILL');
      rmSync(scratch, { recursive: true, force: true });
      process.exit(130);
    });
  }
  let tail = '';
  let partial = '';
  child.stderr!.on('data', (c: Buffer) => {
    const lines = (partial + c.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (line.includes('"msg":"job"')) {
        jobs += 1;
        if (line.includes('"status":"failed"')) failed += 1;
      } else tail = (tail + line + '\n').slice(-4000);
    }
  });
  let exited = false;
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    exited = true;
    resolve(code);
  }));
  const t0 = performance.now();
  // The loop starts no job after --minutes and then finishes the running ones; past that it is stuck.
  const deadline = setTimeout(() => child.kill('SIGKILL'), (MINUTES * 60 + 300) * 1000);
  // Sample k is taken k intervals in: the first once the process has started up.
  for (let k = 1; ; k++) {
    await Promise.race([exit, sleep(Math.max(0, k * INTERVAL_S * 1000 - (performance.now() - t0)))]);
    if (exited) break;
    const t = (performance.now() - t0) / 1000;
    const s = sample(child.pid!, t, jobs);
    if (s && t <= MINUTES * 60) {
      samples.push(s);
      process.stdout.write(`${String(s.t_s).padStart(7)} s  rss ${String(s.rss_mb).padStart(7)} MB  anon ${String(s.anon_mb).padStart(7)} MB  ffmpeg ${String(s.children_rss_mb).padStart(6)} MB (${s.children})  fds ${String(s.fds).padStart(4)}  threads ${String(s.threads).padStart(3)}  jobs ${s.jobs}\n`);
    }
  }
  clearTimeout(deadline);
  const code = await exit;
  if (code !== 0) process.stdout.write(`loop exited with ${code}: ${tail.slice(-2000)}\n`);
  const header = Object.keys(samples[0] ?? { t_s: 0 }) as (keyof Sample)[];
  writeFileSync(out, [header.join(','), ...samples.map((s) => header.map((k) => s[k]).join(','))].join('\n') + '\n');
  if (samples.length < 8) throw new Error(`only ${samples.length} samples: run longer or sample more often`);

  const n = samples.length;
  const at = (share: number) => samples[Math.min(n - 1, Math.round(share * (n - 1)))];
  const firstHalf = samples.slice(0, Math.floor(n / 2));
  const lastHalf = samples.slice(Math.floor(n / 2));
  const q1 = samples.slice(0, Math.max(1, Math.floor(n / 4)));
  const q4 = samples.slice(n - Math.max(1, Math.floor(n / 4)));
  const meanRss = mean(samples.map((s) => s.rss_mb));
  const slopeFirst = slope(firstHalf);
  const slopeLast = slope(lastHalf);
  const lastHalfMinutes = (lastHalf[lastHalf.length - 1].t_s - lastHalf[0].t_s) / 60;
  const lastHalfJobs = lastHalf[lastHalf.length - 1].jobs - lastHalf[0].jobs;
  const fds = samples.map((s) => s.fds);
  const threads = samples.map((s) => s.threads);
  const result = {
    bench: 'soak', machine: `${cpus().length} × ${cpus()[0].model}`, node: process.version,
    workflows: WORKFLOWS, minutes: MINUTES, interval_s: INTERVAL_S, node_args: args['node-arg'], samples: n, exit_code: code,
    jobs, failed, jobs_per_min: round(jobs / (samples[n - 1].t_s / 60)),
    rss_mb: {
      first: samples[0].rss_mb, peak: Math.max(...samples.map((s) => s.rss_mb)), last: samples[n - 1].rss_mb,
      quartiles: [0.25, 0.5, 0.75, 1].map((q) => at(q).rss_mb), mean: round(meanRss),
    },
    anon_mb: { first: samples[0].anon_mb, last: samples[n - 1].anon_mb },
    children_rss_mb: { peak: Math.max(...samples.map((s) => s.children_rss_mb)), last: samples[n - 1].children_rss_mb },
    slope_mb_per_10min: { first_half: round(slopeFirst), last_half: round(slopeLast) },
    // Anonymous memory is the process's own; the rest is mostly the LMDB map, which grows with the store.
    anon_slope_mb_per_10min: { first_half: round(slope(firstHalf, (s) => s.anon_mb)), last_half: round(slope(lastHalf, (s) => s.anon_mb)) },
    last_half_mb_per_job: lastHalfJobs > 0 ? round((slopeLast / 10) * lastHalfMinutes / lastHalfJobs, 3) : null,
    quarters: { first_mean_mb: round(mean(q1.map((s) => s.rss_mb))), last_mean_mb: round(mean(q4.map((s) => s.rss_mb))), ratio: round(mean(q4.map((s) => s.rss_mb)) / mean(q1.map((s) => s.rss_mb)), 2) },
    fds: { min: Math.min(...fds), max: Math.max(...fds), last: fds[n - 1] },
    threads: { min: Math.min(...threads), max: Math.max(...threads), last: threads[n - 1] },
    plateau_threshold_mb_per_10min: round(PLATEAU_SHARE * meanRss),
    verdict: slopeLast < PLATEAU_SHARE * meanRss ? 'plateau' : 'growing',
    samples_file: out,
  };
  process.stdout.write(`\n${jobs} jobs (${failed} failed) in ${round(samples[n - 1].t_s / 60)} min\n`);
  process.stdout.write(`RSS MB: first ${result.rss_mb.first} · at 25/50/75/100 % ${result.rss_mb.quartiles.join(' / ')} · peak ${result.rss_mb.peak} · last ${result.rss_mb.last}\n`);
  process.stdout.write(`last quarter vs first quarter: ${result.quarters.last_mean_mb} vs ${result.quarters.first_mean_mb} MB (× ${result.quarters.ratio})\n`);
  process.stdout.write(`slope MB / 10 min: first half ${result.slope_mb_per_10min.first_half} · last half ${result.slope_mb_per_10min.last_half} (${result.last_half_mb_per_job ?? '–'} MB per job; plateau under ${result.plateau_threshold_mb_per_10min}); anonymous only: ${result.anon_slope_mb_per_10min.first_half} · ${result.anon_slope_mb_per_10min.last_half}\n`);
  process.stdout.write(`fds min ${result.fds.min} · max ${result.fds.max} · last ${result.fds.last}; threads ${result.threads.min}–${result.threads.max}\n`);
  process.stdout.write(`verdict: ${result.verdict}; samples in ${out}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
