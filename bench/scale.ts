/**
 * Workers over NATS, as an operator runs them: one `loop --role registry` process and 1, 2 or 3
 * `start --role worker` processes on a nats-server started here, against the baseline of one
 * `loop` process (role all, in-process bus) on the same work: the explorer workflow with fixed
 * seeds and the same number of controllers. Prints jobs and new cells per minute, CPU seconds per
 * job (every process, ffmpeg included), and the registry's ceiling: jobs per second it takes back
 * from workers that answer at once with a real job's observations (no rendering), and how many
 * real workers that serves. Medians of --runs. Last line: JSON.
 *
 *   node dist/bench/scale.js [--jobs 12] [--runs 3] [--controllers 3] [--echo-jobs 400]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from 'nats';
import { decode, encode, WORK_CONSUMERS, WORK_SUBJECTS, workStreams } from '../src/work/queue.js';
import { orderKey, type WorkOrder, type WorkReply } from '../src/loop/order.js';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '12' },
    runs: { type: 'string', default: '3' },
    controllers: { type: 'string', default: '3' },
    'echo-jobs': { type: 'string', default: '400' },
  },
});
const JOBS = Number(args.jobs);
const RUNS = Number(args.runs);
const CONTROLLERS = Number(args.controllers);
const ECHO_JOBS = Number(args['echo-jobs']);
const BIN = fileURLToPath(new URL('../../bin/motion-registry.js', import.meta.url));
const STREAM = 'SCALE';
const scratch = mkdtempSync(join(tmpdir(), 'motionreg-scale-'));
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** CPU seconds of every child this process has reaped (each with its own reaped children). */
function reapedCpu(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function run(cmd: string[], env: Record<string, string>): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...cmd], { env: { ...process.env, MOTION_REGISTRY_LOG__LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  return { child, out: () => out, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

interface Sample {
  seconds: number;
  jobs: number;
  cells: number;
  cpu: number;
}

/** One loop run of the registry (or the single process) with `workers` worker processes beside it. */
async function sample(natsUrl: string, workers: number, index: number): Promise<Sample> {
  const data = join(scratch, `w${workers}-${index}`);
  const env = { NATS_URL: workers === 0 ? '' : natsUrl, MOTION_REGISTRY_BUS__STREAM: STREAM };
  const cpuStart = reapedCpu();
  const pool = Array.from({ length: workers }, (_, i) => run(['start', '--role', 'worker', '--name', `w${i + 1}`], env));
  const started = performance.now();
  const loop = run(['loop', '--workflow', 'explorer', '--jobs', String(JOBS), '--seed', '7', '--controllers', String(CONTROLLERS), '--json', '--data', data,
    ...(workers === 0 ? [] : ['--role', 'registry'])], env);
  if (await loop.exited !== 0) throw new Error(`loop failed with ${workers} workers`);
  const seconds = (performance.now() - started) / 1000;
  for (const w of pool) w.child.kill('SIGTERM');
  await Promise.all(pool.map((w) => w.exited));
  const summary = JSON.parse(loop.out()) as { jobs: number; novel_cells: { total: number } };
  rmSync(data, { recursive: true, force: true });
  return { seconds, jobs: summary.jobs, cells: summary.novel_cells.total, cpu: reapedCpu() - cpuStart };
}

/** A real explore job's reply, taken off the results subject while a worker runs one. */
async function realReply(natsUrl: string): Promise<WorkReply> {
  const nc = await connect({ servers: natsUrl });
  let reply: WorkReply | undefined;
  const sub = nc.subscribe(WORK_SUBJECTS.results, { callback: (_e, m) => { reply ??= decode<WorkReply>(m.data); } });
  const env = { NATS_URL: natsUrl, MOTION_REGISTRY_BUS__STREAM: STREAM };
  const worker = run(['start', '--role', 'worker'], env);
  const loop = run(['loop', '--workflow', 'explorer', '--jobs', '1', '--seed', '7', '--role', 'registry', '--data', join(scratch, 'reply')], env);
  await loop.exited;
  worker.child.kill('SIGTERM');
  await worker.exited;
  sub.unsubscribe();
  await nc.close();
  if (!reply?.ok) throw new Error('no reply was captured');
  return reply;
}

/** Workers that answer every order at once with `reply`'s observations: the registry is all that is left. */
async function echoWorkers(nc: NatsConnection, stream: string, reply: WorkReply & { ok: true }, stop: AbortSignal): Promise<void> {
  const js = nc.jetstream();
  const consumer = await (async () => {
    for (;;) {
      try {
        return await js.consumers.get(workStreams(stream).jobs, WORK_CONSUMERS.workers);
      } catch {
        await sleep(100);
      }
    }
  })();
  const messages = await consumer.consume({ max_messages: 64 });
  stop.addEventListener('abort', () => void messages.close());
  for await (const m of messages) {
    const order = decode<WorkOrder>(m.data);
    const key = orderKey(order.job);
    await js.publish(WORK_SUBJECTS.results, encode({ ...reply, job_id: order.job.id, order: key, worker: 'echo' }), { msgID: `result-${key}` });
    m.ack();
  }
}

async function ceiling(natsUrl: string, reply: WorkReply & { ok: true }): Promise<{ jobs_per_s: number; observations_per_job: number }> {
  const stream = STREAM;
  const env = { NATS_URL: natsUrl, MOTION_REGISTRY_BUS__STREAM: stream };
  const nc = await connect({ servers: natsUrl });
  const stop = new AbortController();
  const started = performance.now();
  const loop = run(['loop', '--workflow', 'explorer', '--jobs', String(ECHO_JOBS), '--seed', '7', '--controllers', '16', '--role', 'registry', '--json', '--data', join(scratch, 'echo')], env);
  const echo = echoWorkers(nc, stream, reply, stop.signal);
  if (await loop.exited !== 0) throw new Error('the echo run failed');
  const seconds = (performance.now() - started) / 1000;
  stop.abort();
  await echo.catch(() => undefined);
  await nc.close();
  const observations = reply.execution.extraction.cells.reduce((n, c) => n + c.observation.count!, 0) + reply.execution.intended.length;
  return { jobs_per_s: round(ECHO_JOBS / seconds, 1), observations_per_job: observations };
}

const port = await freePort();
const store = mkdtempSync(join(tmpdir(), 'motionreg-scale-nats-'));
const nats = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store], { stdio: 'ignore' });
await sleep(1000);
const natsUrl = `nats://127.0.0.1:${port}`;
try {
  console.log(`machine: ${cpus().length} × ${cpus()[0].model}; ${JOBS} explorer jobs per run, ${CONTROLLERS} controllers, median of ${RUNS}`);
  const rows: Record<string, { seconds: number; jobs_per_min: number; cells_per_min: number; cpu_per_job: number }> = {};
  let index = 0;
  for (const workers of [0, 1, 2, 3]) {
    const samples: Sample[] = [];
    for (let r = 0; r < RUNS; r++) samples.push(await sample(natsUrl, workers, index++));
    const seconds = median(samples.map((s) => s.seconds));
    const row = {
      seconds: round(seconds),
      jobs_per_min: round(median(samples.map((s) => (s.jobs / s.seconds) * 60))),
      cells_per_min: round(median(samples.map((s) => (s.cells / s.seconds) * 60))),
      cpu_per_job: round(median(samples.map((s) => s.cpu / s.jobs)), 2),
    };
    const name = workers === 0 ? 'all (one process)' : `registry + ${workers} worker${workers > 1 ? 's' : ''}`;
    rows[name] = row;
    console.log(`${name.padEnd(22)} ${String(row.seconds).padStart(6)} s  ${String(row.jobs_per_min).padStart(6)} jobs/min  ${String(row.cells_per_min).padStart(7)} cells/min  ${row.cpu_per_job} CPU-s/job`);
  }
  const base = rows['all (one process)'];
  for (const [name, row] of Object.entries(rows)) console.log(`${name}: ${round(row.jobs_per_min / base.jobs_per_min, 2)}× the jobs per minute of one process`);

  const reply = await realReply(natsUrl) as WorkReply & { ok: true };
  const limit = await ceiling(natsUrl, reply);
  const perWorker = base.jobs_per_min / 60;
  const served = Math.floor(limit.jobs_per_s / perWorker);
  console.log(`registry ceiling: ${limit.jobs_per_s} job results/s over NATS (${limit.observations_per_job} observations each); one worker does ${round(perWorker, 2)} jobs/s here, so one registry serves about ${served} such workers`);
  console.log(JSON.stringify({ bench: 'scale', machine: { cpus: cpus().length, model: cpus()[0].model }, jobs: JOBS, controllers: CONTROLLERS, runs: RUNS, rows, ceiling: { ...limit, workers_served: served } }));
} finally {
  nats.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
  rmSync(store, { recursive: true, force: true });
}
