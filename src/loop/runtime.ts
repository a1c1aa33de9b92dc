import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Bus } from '../bus/bus.js';
import type { Logger } from '../log.js';
import type { RegistryActor } from '../registry/actor.js';
import { CompletionTargets } from '../registry/targets.js';
import { resolveFfmpeg, type FfmpegBinary } from '../pipeline/ffmpeg.js';
import { ExtractionPool } from '../pipeline/pool.js';
import type { Executor } from '../work/order.js';
import { localExecutor } from '../work/local.js';
import { RuntimeMetrics } from './runtime-metrics.js';

/** What every loop job needs: the registry, the bus, the extraction pool and ffmpeg. */
export interface LoopRuntime {
  config: Config;
  targets: CompletionTargets;
  actor: RegistryActor;
  bus: Bus;
  pool: ExtractionPool;
  ffmpeg: FfmpegBinary;
  log: Logger;
  /** Where clips are written while their job runs. */
  clipDir: string;
  /** Keep clips after extraction (default: deleted once recorded). */
  keepClips: boolean;
  /** Where jobs run: here (the default), or on workers over NATS. */
  executor: Executor;
  /** Job durations and extraction speed, for the API's metrics. */
  metrics: RuntimeMetrics;
}

export interface RuntimeOptions {
  config: Config;
  actor: RegistryActor;
  bus: Bus;
  log: Logger;
  pool?: ExtractionPool;
  ffmpeg?: FfmpegBinary;
  keepClips?: boolean;
  /** Where jobs run (default: in this process, on its pool); closed with the runtime. */
  executor?: Executor;
}

/** Opens a runtime; `close` releases what it opened (not the actor or bus it was given). */
export async function openRuntime(options: RuntimeOptions): Promise<LoopRuntime & { close(): Promise<void> }> {
  const ownPool = options.pool === undefined;
  const pool = options.pool ?? new ExtractionPool(options.config.pipeline.workers);
  const clipDir = join(options.config.data_dir, 'clips');
  mkdirSync(clipDir, { recursive: true });
  const base = {
    config: options.config,
    targets: new CompletionTargets(options.config),
    actor: options.actor,
    bus: options.bus,
    pool,
    ffmpeg: options.ffmpeg ?? await resolveFfmpeg(),
    log: options.log,
    clipDir,
    keepClips: options.keepClips ?? false,
  };
  const executor = options.executor ?? localExecutor(base);
  return {
    ...base,
    executor,
    metrics: new RuntimeMetrics(),
    close: async () => {
      await executor.close();
      if (ownPool) await pool.close();
    },
  };
}
