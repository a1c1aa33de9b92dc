import type { Command } from 'commander';
import { contextFrom, ffmpegFor, type Context } from './context.js';
import { MotionRegistryError } from '../base/errors.js';
import { NatsBus } from '../events/nats.js';
import { runWorker } from '../work/worker.js';
import { killChildren } from '../media/children.js';
import { runLoopCommand } from './loop.js';
import { loopRunOptions, port, ROLES, type LoopRunOptions } from './options.js';
import { DEFAULT_WORKFLOWS } from '../loop/workflows.js';

type Action = <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

/** `start`: the service — the HTTP API and the loop, until Ctrl-C; idle at no cost once everything is complete. */
export function startCommand(cmd: Command, action: Action): void {
  loopRunOptions(cmd, DEFAULT_WORKFLOWS, ROLES)
    .option('--no-api', 'do not serve the HTTP API')
    .option('--host <host>', 'address the HTTP API listens on, over api.host from the config')
    .option('--port <n>', 'port the HTTP API listens on (0: any free port), over api.port from the config', port)
    .option('--name <name>', 'worker role: the name this worker gives in jobs and logs (default host-pid)')
    .action(action(async (opts: LoopRunOptions & { api: boolean; name?: string; host?: string; port?: number }, self: Command) => {
      const api = { ...(opts.host !== undefined ? { host: opts.host } : {}), ...(opts.port !== undefined ? { port: opts.port } : {}) };
      const ctx = contextFrom(self, Object.keys(api).length > 0 ? { api } : {});
      if (opts.role === 'worker') {
        await runWorkerCommand(ctx, opts.name);
        return;
      }
      await runLoopCommand(ctx, {
        workflow: opts.workflow ?? [...DEFAULT_WORKFLOWS], workflows: opts.workflows, keepClips: opts.keepClips, api: opts.api, whenIdle: 'wait',
        role: opts.role, controllers: opts.controllers,
      });
    }));
}

/**
 * The worker role: no store and no API, only NATS. Takes jobs until SIGINT/SIGTERM, which lets
 * the running job finish and be answered (a second signal quits at once; the job goes to another
 * worker after the ack wait).
 */
async function runWorkerCommand(ctx: Context, name?: string): Promise<void> {
  const { nats_url: url, stream, replicas } = ctx.config.bus;
  if (!url) throw new MotionRegistryError('INPUT_INVALID', 'a worker takes its jobs from NATS: set NATS_URL (or bus.nats_url) to the registry\'s NATS');
  await ffmpegFor(ctx);
  const bus = await NatsBus.open({ url, stream, replicas, log: ctx.log });
  const stop = new AbortController();
  let interrupts = 0;
  const interrupt = () => {
    if (++interrupts > 1) {
      killChildren();
      process.exit(130);
    }
    ctx.log.info('stopping: finishing the running job (Ctrl-C again to quit at once)');
    stop.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    const { jobs } = await runWorker({ config: ctx.config, bus, log: ctx.log, name, signal: stop.signal });
    ctx.log.info({ jobs }, 'worker stopped');
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await bus.close();
  }
}
