import type { Command } from 'commander';
import { contextFrom } from './context.js';
import { runLoopCommand } from './loop.js';
import { loopRunOptions, type LoopRunOptions } from './options.js';
import { DEFAULT_WORKFLOWS } from '../loop/workflows.js';

type Action = <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

/** `start`: the service — the HTTP API and the loop, until Ctrl-C; idle at no cost once everything is complete. */
export function startCommand(cmd: Command, action: Action): void {
  loopRunOptions(cmd, DEFAULT_WORKFLOWS)
    .option('--no-api', 'do not serve the HTTP API')
    .action(action(async (opts: LoopRunOptions & { api: boolean }, self: Command) => {
      await runLoopCommand(contextFrom(self), { workflow: opts.workflow ?? [...DEFAULT_WORKFLOWS], workflows: opts.workflows, keepClips: opts.keepClips, api: opts.api, whenIdle: 'wait' });
    }));
}
