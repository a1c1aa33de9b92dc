import type { Command } from 'commander';
import { contextFrom } from './context.js';
import { runLoopCommand } from './loop.js';
import { loopRunOptions, type LoopRunOptions } from './options.js';

type Action = <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

/** The workflows the service runs together by default: one fills gaps, one works what pays. */
export const SERVICE_WORKFLOWS = ['explorer', 'exploiter'];

/** `start`: the service — the HTTP API, and an explorer and an exploiter sharing the registry, until Ctrl-C. */
export function startCommand(cmd: Command, action: Action): void {
  loopRunOptions(cmd, SERVICE_WORKFLOWS)
    .option('--no-api', 'do not serve the HTTP API')
    .action(action(async (opts: LoopRunOptions & { api: boolean }, self: Command) => {
      await runLoopCommand(contextFrom(self), { workflow: opts.workflow ?? SERVICE_WORKFLOWS, workflows: opts.workflows, keepClips: opts.keepClips, api: opts.api });
    }));
}
