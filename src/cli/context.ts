import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../base/config.js';
import type { Config } from '../base/config-schema.js';
import { RegistryActor } from '../registry/actor.js';
import { openRegistry } from '../app/record-then-publish.js';
import { openBus } from '../events/open.js';
import { bestEffort } from '../events/best-effort.js';
import type { Bus } from '../events/bus.js';
import { createLogger, type Logger } from '../base/log.js';
import { resolveFfmpeg, describeFfmpeg, type FfmpegBinary } from '../media/ffmpeg.js';
import { writeErr } from './terminal.js';

export interface GlobalOptions {
  data?: string;
  config?: string;
  logJson?: boolean;
}

export interface Context {
  config: Config;
  log: Logger;
}

/**
 * Config from defaults, the data dir's measured settings (`bench --tune`), `--config FILE`, the
 * environment, then `--data DIR` and a command's own `overrides` (such as `start --port`), in that order.
 */
export function contextFrom(command: Command, overrides: Record<string, unknown> = {}): Context {
  const opts = command.optsWithGlobals<GlobalOptions>();
  const config = loadConfig({
    file: opts.config,
    overrides: { ...overrides, ...(opts.data ? { data_dir: opts.data } : {}) },
    tuned: true,
  });
  config.data_dir = resolve(config.data_dir);
  const log = createLogger(config.log.level, { pretty: process.stderr.isTTY && !opts.logJson, write: writeErr });
  return { config, log };
}

/** Finds ffmpeg for a command that decodes or renders, and logs which binary and version it is. */
export async function ffmpegFor(ctx: Context): Promise<FfmpegBinary> {
  const ffmpeg = await resolveFfmpeg();
  ctx.log.info(describeFfmpeg(ffmpeg));
  return ffmpeg;
}

/**
 * Opens the registry read-only for a command that only reads (`coverage`, `jobs`, `export`,
 * `progress`): no bus, no writer lock, nothing written, so it can run beside a live service.
 */
export async function withReader<T>(ctx: Context, work: (actor: RegistryActor) => Promise<T>): Promise<T> {
  const actor = await RegistryActor.start({ config: ctx.config, readOnly: true });
  try {
    return await work(actor);
  } finally {
    await actor.close();
  }
}

/**
 * Opens the bus and the registry actor for a command and always closes them afterwards. Registry
 * events go through the actor's outbox; the command's own notices are published best-effort.
 */
export async function withActor<T>(ctx: Context, work: (actor: RegistryActor, bus: Bus, raw: Bus) => Promise<T>): Promise<T> {
  const raw = await openBus(ctx.config, ctx.log);
  const bus = bestEffort(raw, ctx.log);
  try {
    const actor = await openRegistry({ config: ctx.config, bus: raw, log: ctx.log });
    try {
      return await work(actor, bus, raw);
    } finally {
      await actor.close();
    }
  } finally {
    await bus.close();
  }
}
