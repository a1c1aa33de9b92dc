import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { MotionRegistryError } from '../base/errors.js';

/** The file in a data dir that names the one process allowed to write to it. */
export const LOCK_FILE = 'writer.lock';

interface LockOwner {
  pid: number;
  command: string;
  started_at: string;
}

export interface WriterLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function owner(file: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

/**
 * Takes the data dir's writer lock: one process writes a registry (a second writer would mark the
 * first one's running jobs interrupted). A lock left by a process that is gone is taken over; a
 * live owner is named in the error.
 */
export function acquireWriterLock(dataDir: string): WriterLock {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new MotionRegistryError('STORE_UNAVAILABLE', `cannot create the data dir ${dataDir}: ${(err as Error).message}`, { dir: dataDir });
  }
  const file = join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, command: process.argv.slice(2).join(' ') || process.argv[1] || 'node', started_at: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return {
        release: () => {
          if (owner(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new MotionRegistryError('STORE_UNAVAILABLE', `cannot lock ${dataDir}: ${(err as Error).message}`, { dir: dataDir });
      }
      const held = owner(file);
      if (held && held.pid !== process.pid && alive(held.pid)) {
        throw new MotionRegistryError('STORE_LOCKED',
          `${dataDir} is being written by process ${held.pid} (${held.command}, since ${held.started_at}); stop it, or send the work to its HTTP API`,
          { dir: dataDir, pid: held.pid, command: held.command });
      }
      // Its owner is gone (killed, or the lock is half-written): take it over.
      rmSync(file, { force: true });
    }
  }
  throw new MotionRegistryError('STORE_LOCKED', `${dataDir}: another process took the writer lock at the same moment`, { dir: dataDir });
}
