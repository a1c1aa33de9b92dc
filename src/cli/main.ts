import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { formatError, MotionRegistryError, toMotionRegistryError } from '../base/errors.js';
import { PACKAGE_ROOT } from '../base/paths.js';
import { exportDocument } from '../app/export.js';
import { contextFrom, withReader } from './context.js';
import { outputFile } from './options.js';
import { coverageTable } from './table.js';
import { clearStatus, print } from './terminal.js';

const { version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };

/** Any failure, ours or commander's: one line `motion-registry: CODE: message` on stderr, and exit code 1. */
function fail(err: unknown): void {
  clearStatus();
  process.stderr.write(`motion-registry: ${formatError(err).replace(/\s*\n\s*/g, ' ')}\n`);
  if (process.env.MOTION_REGISTRY_DEBUG) process.stderr.write(`${toMotionRegistryError(err).stack}\n`);
  process.exitCode = 1;
}

const program = new Command('motion-registry')
  .description('Drives registries of video primitives toward completion.')
  .version(version, '-V, --version', 'print the version')
  .option('--log-json', 'log JSON lines on stderr even on a terminal (the default when stderr is not one)')
  .configureHelp({ showGlobalOptions: true })
  // Commander's usage errors are thrown, not printed, and reported by fail() like any other.
  .exitOverride()
  .configureOutput({ outputError: () => undefined });

/** Every command takes --data and --config, before or after its name. */
function command(name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .addOption(new Option('--data <dir>', 'data directory (LMDB store); default: data_dir from the config'))
    .addOption(new Option('--config <file>', 'YAML file merged over config/default.yaml'));
}

/** Runs a command body; a failure prints one line `motion-registry: CODE: message` and exits 1. */
function action<A extends unknown[]>(body: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (err) {
      fail(err);
    } finally {
      clearStatus();
    }
  };
}

command('coverage', 'print coverage of every registry against its completion target')
  .option('--json', 'print the full coverage report as JSON')
  .action(action(async (opts: { json?: boolean }, cmd: Command) => {
    const ctx = contextFrom(cmd);
    const report = await withReader(ctx, (actor) => actor.coverage());
    print(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${coverageTable(report)}\n`);
  }));

command('export', 'write one JSON document with every registry, its entries and coverage')
  .option('--out <file>', 'write to FILE instead of standard output', outputFile)
  .action(action(async (opts: { out?: string }, cmd: Command) => {
    const ctx = contextFrom(cmd);
    const doc = await withReader(ctx, (actor) => exportDocument(actor, ctx.config));
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (opts.out) {
      writeFileSync(opts.out, text);
      process.stderr.write(`exported ${Object.values(doc.registries).reduce((n, e) => n + e.length, 0)} entries to ${opts.out}\n`);
    } else print(text);
  }));

type Action = typeof action;
type Declare = (cmd: Command, act: Action) => void;

/**
 * Commands whose modules are loaded only when they run (or show their help): a command starts
 * without loading what the others need (the HTTP server, the NATS client, the renderer).
 */
const COMMANDS: Array<[name: string, description: string, load: () => Promise<Declare>]> = [
  ['extract', 'decode media files, extract primitives and record them', async () => (await import('./extract.js')).extractCommand],
  ['render', 'render a clip from a prompt or a spec; --extract records what it shows', async () => (await import('./render.js')).renderCommand],
  ['loop', 'run loop controllers for N jobs or M minutes (Ctrl-C finishes running jobs)', async () => (await import('./loop.js')).loopCommand],
  ['sweep', 'fill static color cells or sound keys with directed sweeps', async () => (await import('./sweep.js')).sweepCommand],
  ['jobs', 'list stored loop jobs (most recent first), or show one', async () => (await import('./jobs.js')).jobsCommand],
  ['progress', 'print loop metrics: discovery rate, novelty, hit rates, completion projections', async () => (await import('./loop.js')).progressCommand],
  ['events', 'print the service\'s events from NATS as JSON lines, from a sequence or a durable consumer', async () => (await import('./events.js')).eventsCommand],
  ['bench', 'measure extraction speed on this machine against ffmpeg\'s decode; --tune keeps the fastest settings for this data dir', async () => (await import('./bench.js')).benchCommand],
  ['start', 'run the service: the HTTP API and the loop until Ctrl-C, which closes cleanly', async () => (await import('./start.js')).startCommand],
];

/** The command named on the command line (`help NAME` names NAME): the first word that is not an option or the value of --data or --config. */
function invoked(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data' || argv[i] === '--config') i++;
    else if (!argv[i].startsWith('-') && argv[i] !== 'help') return argv[i];
  }
  return undefined;
}

const named = invoked(process.argv.slice(2));
for (const [name, description, load] of COMMANDS) {
  const cmd = command(name, description);
  if (name === named) (await load())(cmd, action);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Help (asked for, or shown for a bare `motion-registry`) and the version are already printed.
  if (!(err instanceof CommanderError)) fail(err);
  else if (['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code)) process.exitCode = err.exitCode;
  else fail(new MotionRegistryError('INPUT_INVALID', `${err.message.replace(/^error: /, '')} (see --help)`, { commander: err.code }));
}
