import t from 'tap';

type Assert = Pick<typeof t, 'notOk' | 'same' | 'equal'>;
import { createServer } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryActor } from '../../src/registry/actor.js';
import { PACKAGE_ROOT } from '../../src/base/paths.js';
import { cli, SMALL_LOOP } from '../helpers/cli.js';
import { makeClip } from '../helpers/media.js';
import { idleWorkflows, runService } from '../helpers/service.js';
import { inTerminal, Screen } from '../helpers/screen.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

const run = cli();
const ONE_LINE = /^motion-registry: [A-Z_]+: [^\n]+\n$/;

t.test('the screen model applies carriage returns, erasing and wrapping as a terminal does', async (t) => {
  const screen = new Screen(10).feed('status 1/3\x1b[1G\x1b[2Klog line\r\nbar [==]\x1b[0K\x1b[1G\x1b[0Jdone\r\n0123456789ab');
  t.same(screen.lines(), ['log line', 'done', '0123456789', 'ab']);
  t.same(screen.overflows, ['0123456789'], 'the line that ran past the edge');
  t.throws(() => new Screen(10).feed('\x1b[5n'), /unknown sequence/);
  const unwrapped = new Screen(4).feed('\x1b[?7labcdef\x1b[?7h');
  t.same([unwrapped.lines(), unwrapped.clipped], [['abcf'], 2], 'with wrapping off, the last column is overwritten');
});

t.test('every failure is one line `motion-registry: CODE: message` and exit code 1', async (t) => {
  const data = tempDataDir(t);
  const dir = join(data, '..');
  const badYaml = join(dir, 'bad.yaml');
  writeFileSync(badYaml, 'learning:\n  max_frames: [1, 2\nloop: {}\n');
  const cases: Array<[string[], RegExp]> = [
    [['extract', 'f.mp4', '--max-frames', 'abc'], /^motion-registry: INPUT_INVALID: option '--max-frames <n>' argument 'abc' is invalid\. must be an integer, 0 or more/],
    [['extract', 'f.mp4', '--max-frames', '-5'], /^motion-registry: INPUT_INVALID: option '--max-frames <n>' argument '-5' is invalid/],
    [['extract', 'f.mp4', '--sample-every', '0'], /^motion-registry: INPUT_INVALID: option '--sample-every <n>' argument '0' is invalid\. must be a positive integer/],
    [['coverage', '--nope'], /^motion-registry: INPUT_INVALID: unknown option '--nope' \(see --help\)$/m],
    [['extract'], /^motion-registry: INPUT_INVALID: missing required argument 'files'/],
    [['unheard-of'], /^motion-registry: INPUT_INVALID: unknown command 'unheard-of'/],
    [['coverage', '--config', badYaml], /^motion-registry: CONFIG_INVALID: config file .*bad\.yaml is not valid YAML: .* at line 3, column 1$/m],
    [['export', '--out', '/nonexistent/dir/x.json'], /^motion-registry: INPUT_INVALID: option '--out <file>' argument '\/nonexistent\/dir\/x\.json' is invalid\. the folder \/nonexistent\/dir does not exist/],
    [['jobs', 'abc'], /^motion-registry: INPUT_INVALID: command-argument value 'abc' is invalid for argument 'id'\. must be a positive integer/],
    [['start', '--port', '70000'], /^motion-registry: INPUT_INVALID: option '--port <n>' argument '70000' is invalid\. must be an integer from 0 to 65535/],
  ];
  const results = await Promise.all(cases.map(([args]) => run(...args, '--data', data)));
  for (const [i, [args, expected]] of cases.entries()) {
    const r = results[i];
    const name = args.join(' ');
    t.equal(r.code, 1, `${name}: exit code`);
    t.match(r.stderr, ONE_LINE, `${name}: one line`);
    t.match(r.stderr, expected, name);
    t.equal(r.stdout, '', `${name}: nothing on stdout`);
  }
  t.notOk(existsSync(data), 'no store was created');

  const actor = await RegistryActor.start({ config: testConfig(data) });
  await actor.close();
  const unknown = await run('jobs', '7', '--data', data);
  t.equal(unknown.code, 1);
  t.equal(unknown.stderr, 'motion-registry: NOT_FOUND: no job 7\n', 'a well-formed id that is not stored');
});

t.test('--version prints the package version; --help stays help', async (t) => {
  const { version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  const r = await run('--version');
  t.same([r.code, r.stdout, r.stderr], [0, `${version}\n`, '']);
  const help = await run('start', '--help');
  t.equal(help.code, 0);
  t.match(help.stdout, /--port <n>.*over\s+api\.port from the config/s);
  t.match(help.stdout, /--log-json/);
  t.notMatch(help.stdout, /8080|127\.0\.0\.1/, 'the config owns the defaults');
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test('start --host and --port win over the config, and start logs its ffmpeg once', async (t) => {
  const data = tempDataDir(t);
  const port = await freePort();
  const service = await runService(['start', '--port', String(port), '--host', 'localhost', '--workflow', 'idle', '--workflows', idleWorkflows(join(data, '..')), '--data', data], {});
  t.teardown(() => service.stop());
  t.equal(service.url, `http://127.0.0.1:${port}`, 'listening where asked (localhost)');
  t.equal((await fetch(`${service.url}/api/registries/coverage`)).status, 200);
  const ffmpeg = service.log().split('\n').filter((l) => /"msg":"ffmpeg \S+ at \//.test(l));
  t.equal(ffmpeg.length, 1, 'the ffmpeg binary and version, once');
  t.equal(await service.stop('SIGINT'), 0);
});

/** The same run at 80 and at 120 columns, side by side. */
async function both<T>(runAt: (cols: number) => Promise<T>): Promise<Array<[number, T]>> {
  return Promise.all([80, 120].map(async (cols) => [cols, await runAt(cols)] as [number, T]));
}

/** No status bar or counter left on screen, and nothing but log and error lines ran past the edge. */
function checkScreen(t: Assert, screen: Screen, name: string): string[] {
  const lines = screen.lines();
  t.notOk(lines.some((l) => /[█░]|\d+\/\d+ (frames|jobs)|\d+ fps/.test(l)), `${name}: no status left on screen`);
  const laidOut = screen.overflows.filter((row) => !/^(\[\d\d:\d\d:\d\d\] [A-Z]+:|motion-registry: )/.test(row));
  t.same(laidOut, [], `${name}: no table, bar or summary line wider than the terminal`);
  t.equal(screen.clipped, 0, `${name}: no text lost at the right edge`);
  return lines;
}

t.test('jobs with long prompts fit the terminal; the prompt column gives way', async (t) => {
  const data = tempDataDir(t);
  const actor = await RegistryActor.start({ config: testConfig(data) });
  const long = 'a slow crane shot over a misty harbour at golden hour, warm light, a melancholy drone, heavy rain, film noir, then a whip pan to a neon street';
  for (const prompt of [long, 'short one', `${long} — again`]) {
    const job = await actor.createJob({ workflow: 'explorer', mode: 'explore', template: 't', spec: { seed: 1 }, prompt, seed: 1, targets: [], video_seconds: 2 });
    await actor.finishJob(job.id, prompt === 'short one' ? { status: 'failed', error: { code: 'DECODE_FAILED', message: `cannot decode ${long}` } } : { status: 'done' });
  }
  await actor.close();
  for (const cols of [80, 120]) {
    const { code, screen } = await inTerminal(cols, ['jobs', '--data', data]);
    t.equal(code, 0);
    const lines = checkScreen(t, screen, `jobs at ${cols}`);
    t.equal(lines.length, 4, 'a header and three jobs');
    t.match(lines[0], /^id\s+workflow\s+mode\s+status\s+seconds\s+new\s+hits\s+prompt \/ error$/);
    t.match(lines[1], /^\s*3\s+explorer\s+explore\s+done\s+–\s+0\s+0\/0\s+a slow crane shot .*…$/, 'the prompt is cut with an ellipsis');
    t.match(lines[2], /^\s*2\s+explorer\s+explore\s+failed\s+.*DECODE_FAILED: cannot decode/);
    t.equal(Math.max(...lines.map((l) => l.length)), cols, 'the widest line fills the terminal');
  }
  const piped = await run('jobs', '--data', data);
  t.match(piped.stdout, `${long} — again`, 'off a terminal, prompts are whole');
});

t.test('extract on a terminal: bars leave no trace, a failed file gets one line, the summary fits', async (t) => {
  const data = tempDataDir(t);
  const dir = join(data, '..');
  const clip = await makeClip(dir, 'clip-with-a-rather-long-name-for-the-table.mov', ['color=c=0x6496C8:s=64x64:d=0.5:r=24,format=rgb24', 'sine=frequency=330:sample_rate=48000:duration=0.5,volume=4'], ['-c:v', 'png', '-c:a', 'pcm_s16le', '-shortest']);
  const bad = join(dir, 'bad.mp4');
  writeFileSync(bad, 'garbage');
  for (const [cols, { code, output, screen }] of await both((cols) => inTerminal(cols, ['extract', clip, bad, '--data', join(data, String(cols))]))) {
    t.equal(code, 1, 'a file failed');
    t.match(output, /frames/, 'a bar was drawn');
    const lines = checkScreen(t, screen, `extract at ${cols}`);
    t.match(lines[0], /^\[\d\d:\d\d:\d\d\] INFO: ffmpeg \S+ at \//, 'a human log line first');
    const failure = lines.findIndex((l) => l.startsWith(`motion-registry: ${bad}: DECODE_FAILED: `));
    t.ok(failure > 0, 'the failed file\'s line');
    const table = lines.slice(lines.findIndex((l) => /^file\s+frames/.test(l)));
    t.equal(table.length, 3, 'the summary right below');
    t.match(table[1], /^…\S*\.mov\s+12\s+12\s+\d+\s+\d+\s+\d+\s+\d+\s+ok$/, 'a long path keeps its end');
    t.match(table[2], /^\S*\/bad\.mp4\s+-\s+-\s+-\s+0\s+0\s+0\s+DECODE_FAILED$/, 'every column readable');
  }
  const json = await inTerminal(80, ['--log-json', 'extract', clip, '--json', '--data', join(data, 'json')]);
  t.equal(json.code, 0);
  const logs = json.output.split('\r\n').filter((l) => l.startsWith('{"level"')).map((l) => JSON.parse(l) as { msg: string });
  t.match(logs, [{ msg: /^ffmpeg \S+ at \// }], '--log-json: JSON log lines on a terminal');
});

t.test('loop on a terminal: log lines above the status bar, which is gone before the summary', async (t) => {
  const data = tempDataDir(t);
  for (const [cols, { code, output, screen }] of await both((cols) => inTerminal(cols, ['loop', '--jobs', '1', '--workflow', 'explorer', '--seed', '3', '--data', join(data, String(cols))], SMALL_LOOP))) {
    t.equal(code, 0);
    t.match(output, /loop \[[█░]+\] 0\/1 jobs/, 'a status bar was drawn');
    const lines = checkScreen(t, screen, `loop at ${cols}`);
    t.match(lines[0], /^\[\d\d:\d\d:\d\d\] INFO: ffmpeg /);
    t.ok(lines.findIndex((l) => /^\[\d\d:\d\d:\d\d\] INFO: loop started/.test(l)) > 0, 'the loop\'s log line, above');
    const summary = lines.slice(-2);
    t.match(summary[0], /^1 jobs \(0 failed\), \d+ new cells$/);
    t.match(summary[1], /^coverage: color [\d.]+% · sound [\d.]+% · dynamic [\d.]+% · narrative [\d.]+%$/);
  }
});
