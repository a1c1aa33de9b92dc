import type { Command } from 'commander';
import { contextFrom } from './context.js';
import { runLoopCommand } from './loop.js';

type Action = <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

/** The workflows the service runs together by default: one fills gaps, one works what pays. */
export const SERVICE_WORKFLOWS = ['explorer', 'exploiter'];

/** `start`: the service — the HTTP API, and an explorer and an exploiter sharing the registry, until Ctrl-C. */
export function startCommand(cmd: Command, action: Action): void {
  cmd
    .option('--workflow <name>', `workflow to run (repeatable; default ${SERVICE_WORKFLOWS.join(' and ')})`, (v: string, acc: string[] = []) => [...acc, v])
    .option('--workflows <file>', 'workflows file (default config/workflows.yaml)')
    .option('--keep-clips', 'keep rendered clips in <data>/clips')
    .option('--no-api', 'do not serve the HTTP API')
    .action(action(async (opts: { workflow?: string[]; workflows?: string; keepClips?: boolean; api: boolean }, self: Command) => {
      await runLoopCommand(contextFrom(self), { workflow: opts.workflow ?? SERVICE_WORKFLOWS, workflows: opts.workflows, keepClips: opts.keepClips, api: opts.api });
    }));
}
