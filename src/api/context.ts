import type { Config } from '../base/config-schema.js';
import type { Bus } from '../events/bus.js';
import { MotionRegistryError } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import type { LoopRuntime } from '../loop/runtime.js';
import type { RunningLoop } from '../loop/service.js';
import type { RegistryActor } from '../registry/actor.js';
import type { CompletionTargets } from '../model/targets.js';
import type { ApiJobs } from './jobs-runner.js';
import type { LoopStatus } from './loop-status.js';

/** What the HTTP API is built over. */
export interface ApiDeps {
  config: Config;
  actor: RegistryActor;
  bus: Bus;
  /** The extraction pool and ffmpeg: POST /api/jobs and POST /api/extract answer 503 UNAVAILABLE without it. */
  runtime?: LoopRuntime;
  /** The loop controllers this process runs, for GET /api/loop/status. */
  loop?: RunningLoop;
  /** Default: a logger at `config.log.level`. */
  log?: Logger;
  /** Largest upload POST /api/extract accepts, in bytes (default `api.max_upload_mb`). */
  maxUploadBytes?: number;
}

/** What route modules share. */
export interface ApiContext {
  config: Config;
  actor: RegistryActor;
  bus: Bus;
  runtime?: LoopRuntime;
  /** The loop controllers this process runs (POST /api/loop/work asks them for more jobs). */
  loop?: RunningLoop;
  log: Logger;
  targets: CompletionTargets;
  status: LoopStatus;
  jobs: ApiJobs;
  maxUploadBytes: number;
}

export function requireRuntime(ctx: ApiContext): LoopRuntime {
  if (!ctx.runtime) throw new MotionRegistryError('UNAVAILABLE', 'this service runs without an extraction runtime');
  return ctx.runtime;
}
