import t from 'tap';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  ROLES, integerFrom, loopRunOptions, nonNegativeInteger, outputFile, port, positiveInteger, positiveNumber, seed,
} from '../../src/cli/options.js';

/** The message a parser refuses a value with, or null when it takes it. */
function refusal(parse: (value: string) => unknown, value: string): string | null {
  try {
    parse(value);
    return null;
  } catch (err) {
    if (!(err instanceof InvalidArgumentError)) throw err;
    return err.message;
  }
}

t.test('positiveInteger', async (t) => {
  t.equal(positiveInteger('1'), 1);
  t.equal(positiveInteger('250'), 250);
  t.equal(positiveInteger(' 7 '), 7);
  for (const bad of ['0', '-1', '1.5', 'abc', '', ' ', 'NaN', 'Infinity']) t.equal(refusal(positiveInteger, bad), 'must be a positive integer', `"${bad}"`);
});

t.test('nonNegativeInteger', async (t) => {
  t.equal(nonNegativeInteger('0'), 0);
  t.equal(nonNegativeInteger('12'), 12);
  for (const bad of ['-1', '0.5', 'x', '', '  ']) t.equal(refusal(nonNegativeInteger, bad), 'must be an integer, 0 or more', `"${bad}"`);
});

t.test('positiveNumber', async (t) => {
  t.equal(positiveNumber('0.25'), 0.25);
  t.equal(positiveNumber('3'), 3);
  t.equal(positiveNumber('1e-3'), 0.001);
  for (const bad of ['0', '-0.1', 'x', '', 'Infinity', 'NaN']) t.equal(refusal(positiveNumber, bad), 'must be a positive number', `"${bad}"`);
});

t.test('integerFrom, seed and port', async (t) => {
  const percent = integerFrom(0, 100);
  t.equal(percent('0'), 0);
  t.equal(percent('100'), 100);
  for (const bad of ['101', '-1', '50.5', '', ' ', 'half']) t.equal(refusal(percent, bad), 'must be an integer from 0 to 100', `"${bad}"`);
  t.equal(seed('0'), 0);
  t.equal(seed('4294967295'), 4294967295);
  t.equal(refusal(seed, '4294967296'), 'must be an integer from 0 to 4294967295');
  t.equal(refusal(seed, '-1'), 'must be an integer from 0 to 4294967295');
  t.equal(port('0'), 0, 'any free port');
  t.equal(port('65535'), 65535);
  t.equal(refusal(port, '65536'), 'must be an integer from 0 to 65535');
});

t.test('outputFile: its folder must exist', async (t) => {
  const dir = t.testdir({ 'plain.txt': 'x' });
  t.equal(outputFile(join(dir, 'out.json')), join(dir, 'out.json'), 'the value comes back as given');
  t.equal(refusal(outputFile, join(dir, 'missing', 'out.json')), `the folder ${join(dir, 'missing')} does not exist`);
  t.equal(refusal(outputFile, join(dir, 'plain.txt', 'out.json')), `${join(dir, 'plain.txt')} is not a folder`);
  t.equal(refusal(outputFile, 'relative-out.json'), null, 'a bare name lands in the working folder');
  t.equal(refusal(outputFile, join('no-such-folder-here', 'x.json')), `the folder ${resolve('no-such-folder-here')} does not exist`, 'the folder is named in full');
});

/** A command with the loop options that reports errors as text instead of exiting. */
function loopCommand(roles?: Parameters<typeof loopRunOptions>[2]) {
  const errors: string[] = [];
  const cmd = loopRunOptions(new Command('loop'), ['complete', 'narrative'], roles)
    .exitOverride()
    .configureOutput({ writeErr: (s) => void errors.push(s), writeOut: () => {} });
  const parse = (...args: string[]) => {
    try {
      cmd.parse(args, { from: 'user' });
    } catch {
      // exitOverride throws after writing the error.
    }
    return cmd.opts();
  };
  return { cmd, errors, parse };
}

t.test('loop run options', async (t) => {
  t.same(ROLES, ['all', 'registry', 'worker']);
  const { parse, errors } = loopCommand();
  t.same(parse('--workflow', 'a', '--workflow', 'b', '--controllers', '3', '--role', 'registry', '--keep-clips', '--workflows', 'w.yaml'),
    { workflow: ['a', 'b'], controllers: 3, role: 'registry', keepClips: true, workflows: 'w.yaml' });
  t.same(errors, []);
  t.same(loopCommand().parse(), { role: 'all' }, 'role defaults to all');

  const zero = loopCommand();
  zero.parse('--controllers', '0');
  t.same(zero.errors, ["error: option '--controllers <n>' argument '0' is invalid. must be a positive integer\n"]);

  const worker = loopCommand();
  worker.parse('--role', 'worker');
  t.same(worker.errors, ["error: option '--role <role>' argument 'worker' is invalid. Allowed choices are all, registry.\n"]);
  t.same(loopCommand(['all', 'registry', 'worker']).parse('--role', 'worker'), { role: 'worker' });
});

t.test('loop run options describe the defaults and the roles given', async (t) => {
  const describe = (cmd: Command, long: string) => cmd.options.find((o) => o.long === long)!.description;
  const plain = loopCommand().cmd;
  t.equal(describe(plain, '--workflow'), 'workflow to run (repeatable; default complete and narrative)');
  t.equal(describe(plain, '--role'), 'all: one process does everything; registry: the store and the loop, jobs done by workers over NATS');
  t.equal(describe(loopCommand(['all', 'registry', 'worker']).cmd, '--role'),
    'all: one process does everything; registry: the store and the loop, jobs done by workers over NATS; worker: does the jobs of a registry, keeps no store');
});
