import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsMsg } from 'nats';
import type { Config } from '../base/config-schema.js';
import { MotionRegistryError, toMotionRegistryError } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import type { NatsBus } from '../events/nats.js';
import { resolveFfmpeg } from '../media/ffmpeg.js';
import { ExtractionPool } from '../extract/pool.js';
import { executeOrder } from './local.js';
import type { WorkRuntime } from '../loop/recipe.js';
import { orderKey, type WorkOrder, type WorkReply } from '../loop/order.js';
import { mediaStore } from './media.js';
import { decode, encode, ensureWorkQueues, WORK_CONSUMERS, WORK_SUBJECTS, workStreams } from './queue.js';

export interface WorkerOptions {
  config: Config;
  bus: NatsBus;
  log: Logger;
  /** How this worker names itself in jobs and logs (default host-pid). */
  name?: string;
  /** Stops taking orders; the one running is finished and answered. */
  signal: AbortSignal;
  /** Called after each job the worker answered. */
  onJob?(reply: WorkReply): void;
}

/**
 * Retries a setup step while JetStream cannot answer it yet (a cluster still choosing its leaders,
 * a server restarting): a worker waits for its queue rather than exits. Undefined once stopped.
 */
async function untilReady<T>(step: () => Promise<T>, log: Logger, signal: AbortSignal): Promise<T | undefined> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (attempt === 1) log.warn({ err: toMotionRegistryError(err).message }, 'the work queue cannot be reached yet; trying again every second');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  return undefined;
}

/** How long one pull waits for an order before it looks at the stop signal again. */
const PULL_EXPIRES_MS = 2000;

/**
 * A worker: pulls orders from the jobs queue one at a time, renders, decodes and extracts each
 * with its own pool and ffmpeg, and answers on the results queue. While a job runs it tells
 * JetStream it is still working, so only a worker that died loses its order to another.
 */
export async function runWorker(options: WorkerOptions): Promise<{ jobs: number }> {
  const { config, bus, log, signal } = options;
  const name = options.name ?? `${hostname()}-${process.pid}`;
  const nc = bus.connection;
  const consumer = await untilReady(async () => {
    await ensureWorkQueues(nc, config);
    return nc.jetstream().consumers.get(workStreams(config.bus.stream).jobs, WORK_CONSUMERS.workers);
  }, log, signal);
  if (!consumer) return { jobs: 0 };
  const clipDir = mkdtempSync(join(tmpdir(), 'motion-registry-worker-'));
  const pool = new ExtractionPool(config.pipeline.workers);
  const rt = { config, pool, ffmpeg: await resolveFfmpeg(), clipDir, keepClips: false, log, media: await mediaStore(nc, config) };
  /** Running jobs by order key (at most one today; the map keeps cancellation simple). */
  const running = new Map<string, AbortController>();
  const cancels = nc.subscribe(WORK_SUBJECTS.allCancels, {
    callback: (err, m) => {
      if (!err) running.get(m.subject.split('.').pop()!)?.abort();
    },
  });
  log.info({ worker: name, stream: workStreams(config.bus.stream).jobs }, 'worker waiting for jobs');
  let jobs = 0;
  try {
    while (!signal.aborted) {
      let m: JsMsg | null;
      try {
        m = await consumer.next({ expires: PULL_EXPIRES_MS });
      } catch (err) {
        if (signal.aborted) break;
        log.warn({ err: toMotionRegistryError(err).message }, 'cannot pull jobs; trying again');
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (!m) continue;
      const reply = await answer(m, { nc, config, log, name, rt, running });
      jobs++;
      options.onJob?.(reply);
    }
  } finally {
    cancels.unsubscribe();
    await pool.close();
    rmSync(clipDir, { recursive: true, force: true });
  }
  return { jobs };
}

/** What answering an order needs from its worker. */
interface WorkerContext {
  nc: NatsBus['connection'];
  config: Config;
  log: Logger;
  name: string;
  rt: WorkRuntime;
  /** Running jobs by order key, for cancellation. */
  running: Map<string, AbortController>;
}

/** Does one order and answers it; the order is acknowledged only once its answer is on the results queue. */
async function answer(m: JsMsg, ctx: WorkerContext): Promise<WorkReply> {
  const { nc, config, log, name, rt, running } = ctx;
  let order: WorkOrder;
  try {
    order = decode<WorkOrder>(m.data);
  } catch (err) {
    log.error({ err, seq: m.seq }, 'an order that cannot be read was dropped');
    m.term();
    return { job_id: -1, order: '', worker: name, ok: false, error: toMotionRegistryError(err).toJSON() };
  }
  const id = order.job.id;
  const key = orderKey(order.job);
  const abort = new AbortController();
  running.set(key, abort);
  // Well inside the ack wait: JetStream hands the order to another worker only if this one goes silent.
  const beat = setInterval(() => m.working(), (config.work.ack_wait_seconds * 1000) / 3);
  log.info({ worker: name, job_id: id, delivery: m.info.redeliveryCount }, 'job taken');
  let reply: WorkReply;
  try {
    reply = { job_id: id, order: key, worker: name, ok: true, execution: await executeOrder(rt, order, abort.signal, name) };
  } catch (err) {
    reply = { job_id: id, order: key, worker: name, ok: false, error: toMotionRegistryError(err).toJSON() };
  } finally {
    clearInterval(beat);
    running.delete(key);
  }
  let payload = encode(reply);
  if (payload.length > nc.info!.max_payload) {
    reply = { job_id: id, order: key, worker: name, ok: false, error: new MotionRegistryError('INPUT_TOO_LARGE', `job ${id}: its result (${payload.length} bytes compressed) is larger than this NATS server takes in one message (${nc.info!.max_payload})`).toJSON() };
    payload = encode(reply);
  }
  try {
    await nc.jetstream().publish(WORK_SUBJECTS.results, payload, { msgID: `result-${key}` });
    m.ack();
    log.info({ worker: name, job_id: id, ok: reply.ok, ...(reply.ok ? {} : { err: reply.error }) }, 'job answered');
  } catch (err) {
    // Not acknowledged: the order goes to a worker again once the ack wait runs out.
    log.warn({ worker: name, job_id: id, err: toMotionRegistryError(err).message }, 'job answer not sent; the job will be done again');
  }
  return reply;
}
