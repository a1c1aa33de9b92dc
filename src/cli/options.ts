import { InvalidArgumentError, type Command } from 'commander';
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

/** The options of commands that run loop controllers. */
export interface LoopRunOptions {
  workflow?: string[];
  workflows?: string;
  keepClips?: boolean;
}

export function loopRunOptions(cmd: Command, defaults: readonly string[]): Command {
  return cmd
    .option('--workflow <name>', `workflow to run (repeatable; default ${defaults.join(' and ')})`, collect)
    .option('--workflows <file>', 'workflows file (default config/workflows.yaml)')
    .option('--keep-clips', 'keep rendered clips in <data>/clips');
}
