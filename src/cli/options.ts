import { InvalidArgumentError, Option, type Command } from 'commander';
import { SEED_MAX } from '../random.js';

/** Option parsers: a bad value is reported by commander as one line naming the option. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a positive number');
  return n;
}

export function seed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > SEED_MAX) throw new InvalidArgumentError(`must be an integer from 0 to ${SEED_MAX}`);
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Where a process's jobs run: `all` here; `registry` on workers over NATS; `worker` does them. */
export const ROLES = ['all', 'registry', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** The options of commands that run loop controllers. */
export interface LoopRunOptions {
  workflow?: string[];
  workflows?: string;
  keepClips?: boolean;
  role?: Role;
  controllers?: number;
}

export function loopRunOptions(cmd: Command, defaults: readonly string[], roles: readonly Role[] = ['all', 'registry']): Command {
  return cmd
    .option('--workflow <name>', `workflow to run (repeatable; default ${defaults.join(' and ')})`, collect)
    .option('--workflows <file>', 'workflows file (default config/workflows.yaml)')
    .option('--keep-clips', 'keep rendered clips in <data>/clips')
    .addOption(new Option('--role <role>', 'all: one process does everything; registry: the store and the loop, jobs done by workers over NATS'
      + (roles.includes('worker') ? '; worker: does the jobs of a registry, keeps no store' : '')).choices(roles).default('all'))
    .option('--controllers <n>', 'controllers per workflow, overriding the workflows file (more jobs in flight for more workers)', positiveInteger);
}
