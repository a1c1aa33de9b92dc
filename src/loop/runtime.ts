import type { Config } from '../base/config-schema.js';
import type { Bus } from '../events/bus.js';
import type { Logger } from '../base/log.js';
import type { RegistryActor } from '../registry/actor.js';
import type { CompletionTargets } from '../model/targets.js';
import type { FfmpegBinary } from '../media/ffmpeg.js';
import type { ExtractionPool } from '../extract/pool.js';
import type { Executor } from './order.js';
import type { RuntimeMetrics } from './runtime-metrics.js';

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
