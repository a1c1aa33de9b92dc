import t, { type Test } from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { LOCK_FILE, acquireWriterLock } from '../../src/registry/lock.js';
import { MotionRegistryError } from '../../src/base/errors.js';

const LOCK_MODULE = new URL('../../src/registry/lock.js', import.meta.url).href;

const ownerOf = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number; command: string; started_at: string };

/** Another process that takes the lock of `dir` and holds it until killed. */
async function otherWriter(t: Test, dir: string): Promise<ChildProcess> {
  const script = join(t.testdir(), 'hold.mjs');
  writeFileSync(script, `const { acquireWriterLock } = await import(${JSON.stringify(LOCK_MODULE)});
acquireWriterLock(process.argv[4]);
process.stdout.write('held\\n');
setInterval(() => {}, 1000);
`);
  const child = spawn(process.execPath, [script, 'extract', '--data', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  const [chunk] = await once(child.stdout!, 'data');
  t.equal(String(chunk), 'held\n');
  return child;
}

t.test('the lock names its owner and release removes it', async (t) => {
  const dir = join(t.testdir(), 'data', 'nested');
  const lock = acquireWriterLock(dir);
  const owner = ownerOf(dir);
  t.equal(owner.pid, process.pid);
  t.type(owner.command, 'string');
  t.ok(owner.command.length > 0);
  t.equal(new Date(owner.started_at).toISOString(), owner.started_at, 'an ISO time');
  lock.release();
  t.notOk(existsSync(join(dir, LOCK_FILE)));
  lock.release();
  t.notOk(existsSync(join(dir, LOCK_FILE)), 'releasing twice is harmless');
});

t.test('a second writer is refused with STORE_LOCKED naming the first', async (t) => {
  const dir = t.testdir();
  const child = await otherWriter(t, dir);
  t.equal(ownerOf(dir).pid, child.pid);
  t.equal(ownerOf(dir).command, `extract --data ${dir}`);
  let caught: unknown;
  try {
    acquireWriterLock(dir);
  } catch (err) {
    caught = err;
  }
  t.ok(caught instanceof MotionRegistryError);
  const e = caught as MotionRegistryError;
  t.equal(e.code, 'STORE_LOCKED');
  t.equal(e.status, 409);
  t.same(e.details, { dir, pid: child.pid, command: `extract --data ${dir}` });
  t.match(e.message, new RegExp(`^${dir} is being written by process ${child.pid} \\(extract --data ${dir}, since \\d{4}-\\d\\d-\\d\\dT[^)]+\\); stop it, or send the work to its HTTP API$`));
  t.equal(ownerOf(dir).pid, child.pid, 'the lock stays with its owner');

  child.kill('SIGKILL');
  await once(child, 'exit');
  t.equal(ownerOf(dir).pid, child.pid, 'a killed writer leaves its lock behind');
  const lock = acquireWriterLock(dir);
  t.equal(ownerOf(dir).pid, process.pid, 'the lock of a dead process is taken over');
  lock.release();
  t.notOk(existsSync(join(dir, LOCK_FILE)));
});

t.test('a half-written lock is taken over', async (t) => {
  const dir = t.testdir({ [LOCK_FILE]: '{"pid": 12' });
  const lock = acquireWriterLock(dir);
  t.equal(ownerOf(dir).pid, process.pid);
  lock.release();
});

t.test('release leaves a lock that another process holds by now', async (t) => {
  const dir = t.testdir();
  const lock = acquireWriterLock(dir);
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid + 1_000_000, command: 'other', started_at: 'then' }));
  lock.release();
  t.equal(ownerOf(dir).command, 'other');
});

t.test('the same process may take its own lock again', async (t) => {
  const dir = t.testdir();
  acquireWriterLock(dir);
  const again = acquireWriterLock(dir);
  t.equal(ownerOf(dir).pid, process.pid);
  again.release();
  t.notOk(existsSync(join(dir, LOCK_FILE)));
});

t.test('a data dir that cannot be created is refused with STORE_UNAVAILABLE', async (t) => {
  const file = join(t.testdir({ 'a-file': 'not a folder' }), 'a-file');
  t.throws(() => acquireWriterLock(join(file, 'data')), { code: 'STORE_UNAVAILABLE', details: { dir: join(file, 'data') } });
});
