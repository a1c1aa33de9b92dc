import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { SEED_MAX } from '../base/random.js';

/** Option parsers: a bad value is reported by commander as one line naming the option. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || value.trim() === '') throw new InvalidArgumentError('must be an integer, 0 or more');
  return n;
}

/** A file to write: its folder must exist, so that the command fails before doing its work. */
export function outputFile(value: string): string {
  const folder = dirname(resolve(value));
  const kind = statSync(folder, { throwIfNoEntry: false });
  if (!kind) throw new InvalidArgumentError(`the folder ${folder} does not exist`);
  if (!kind.isDirectory()) throw new InvalidArgumentError(`${folder} is not a folder`);
  return value;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a positive number');
  return n;
}

/** A parser of integers from `min` to `max`. */
export function integerFrom(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max || value.trim() === '') throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

export const seed = integerFrom(0, SEED_MAX);

/** A TCP port; 0 takes any free one. */
export const port = integerFrom(0, 65535);

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
