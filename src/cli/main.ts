import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { formatError, toMotionRegistryError } from '../errors/catalogue.js';
import { exportDocument } from '../export.js';
import { contextFrom, withReader } from './context.js';
import { coverageTable } from './table.js';
import { startCommand } from './start.js';
import { extractCommand } from './extract.js';
import { renderCommand } from './render.js';
import { loopCommand, progressCommand } from './loop.js';
import { sweepCommand } from './sweep.js';
import { jobsCommand } from './jobs.js';
import { eventsCommand } from './events.js';

const program = new Command('motion-registry')
  .description('Drives registries of video primitives toward completion.')
  .showHelpAfterError('(add --help for usage)')
  .configureOutput({ outputError: (text, write) => write(`motion-registry: ${text.replace(/^error: /, '')}`) });

/** Every command takes --data and --config, before or after its name. */
function command(name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .addOption(new Option('--data <dir>', 'data directory (LMDB store); default from config: ./data'))
    .addOption(new Option('--config <file>', 'YAML file merged over config/default.yaml'));
}

/** Runs a command body; a failure prints one line `motion-registry: CODE: message` and exits 1. */
function action<A extends unknown[]>(body: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (err) {
      process.stderr.write(`motion-registry: ${formatError(err)}\n`);
      if (process.env.MOTION_REGISTRY_DEBUG) process.stderr.write(`${toMotionRegistryError(err).stack}\n`);
      process.exitCode = 1;
    }
  };
}

command('coverage', 'print coverage of every registry against its completion target')
  .option('--json', 'print the full coverage report as JSON')
  .action(action(async (opts: { json?: boolean }, cmd: Command) => {
    const ctx = contextFrom(cmd);
    const report = await withReader(ctx, (actor) => actor.coverage());
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${coverageTable(report)}\n`);
  }));

command('export', 'write one JSON document with every registry, its entries and coverage')
  .option('--out <file>', 'write to FILE instead of standard output')
  .action(action(async (opts: { out?: string }, cmd: Command) => {
    const ctx = contextFrom(cmd);
    const doc = await withReader(ctx, (actor) => exportDocument(actor, ctx.config));
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (opts.out) {
      writeFileSync(opts.out, text);
      process.stderr.write(`exported ${Object.values(doc.registries).reduce((n, e) => n + e.length, 0)} entries to ${opts.out}\n`);
    } else process.stdout.write(text);
  }));

extractCommand(command('extract', 'decode media files, extract primitives and record them'), action);

renderCommand(command('render', 'render a clip from a prompt or a spec; --extract records what it shows'), action);

loopCommand(command('loop', 'run loop controllers for N jobs or M minutes (Ctrl-C finishes running jobs)'), action);

sweepCommand(command('sweep', 'fill static color cells or sound keys with directed sweeps'), action);

jobsCommand(command('jobs', 'list stored loop jobs (most recent first), or show one'), action);

progressCommand(command('progress', 'print loop metrics: discovery rate, novelty, hit rates, completion projections'), action);

eventsCommand(command('events', 'print the service\'s events from NATS as JSON lines, from a sequence or a durable consumer'), action);

startCommand(command('start', 'run the service: the HTTP API and the loop until Ctrl-C, which closes cleanly'), action);

await program.parseAsync(process.argv);
