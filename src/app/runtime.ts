import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../base/config-schema.js';
import type { Bus } from '../events/bus.js';
import type { Logger } from '../base/log.js';
import type { RegistryActor } from '../registry/actor.js';
import { CompletionTargets } from '../model/targets.js';
import { resolveFfmpeg, type FfmpegBinary } from '../media/ffmpeg.js';
import { ExtractionPool } from '../extract/pool.js';
import type { Executor } from '../loop/order.js';
import type { LoopRuntime } from '../loop/runtime.js';
import { RuntimeMetrics } from '../loop/runtime-metrics.js';
import { localExecutor } from '../work/local.js';

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
