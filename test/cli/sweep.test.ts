import t from 'tap';
import { Command } from 'commander';
import { sweepCommand } from '../../src/cli/sweep.js';
import { formatError } from '../../src/base/errors.js';
import { tempDataDir } from '../helpers/store.js';

/** Runs `sweep …` in process as the CLI would; resolves with what it printed and the error it raised. */
async function sweep(...args: string[]): Promise<{ stdout: string; error: string | null }> {
  let error: string | null = null;
  const program = new Command('motion-registry').exitOverride();
  const cmd = program.command('sweep').option('--data <dir>').option('--config <file>');
  sweepCommand(cmd, (body) => async (...a) => {
    try {
      await body(...a);
    } catch (err) {
      error = formatError(err);
    }
  });
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => { chunks.push(String(chunk)); return true; }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['sweep', ...args], { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  return { stdout: chunks.join(''), error };
}

process.env.MOTION_REGISTRY_LOG__LEVEL = 'silent';

t.test('sweep sounds --json prints the report; sweep colors prints a summary', async (t) => {
  const data = tempDataDir(t);
  const sounds = await sweep('sounds', '--limit', '3', '--json', '--data', data);
  t.equal(sounds.error, null);
  t.match(JSON.parse(sounds.stdout), { kind: 'sounds', aimed: 3, hit: 3, hit_rate: 1, attempts: [{ aimed: 3, hit: 3 }] });

  const colors = await sweep('colors', '--codec', 'h264', '--limit', '5', '--attempts', '1', '--data', data);
  t.equal(colors.error, null);
  t.match(colors.stdout, /^colors sweep \(h264\): 5\/5 cells hit \(100\.00 %\), \d+ new, 1 job /);
  t.match(colors.stdout, /cells skipped: the codec cannot carry them/);
});

t.test('unknown sweeps and codecs are INPUT_INVALID errors naming what is allowed', async (t) => {
  const data = tempDataDir(t);
  t.match((await sweep('shapes', '--data', data)).error, /^INPUT_INVALID: unknown sweep "shapes"; use one of colors, sounds/);
  t.match((await sweep('colors', '--codec', 'prores', '--data', data)).error, /^INPUT_INVALID: unknown sweep codec "prores"; use one of qtrle, h264, vp9/);
  t.match((await sweep('sounds', '--codec', 'vp9', '--data', data)).error, /^INPUT_INVALID: --codec applies to color sweeps only/);
});
