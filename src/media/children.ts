import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const live = new Set<ChildProcess>();
let hooked = false;

/**
 * Spawns ffmpeg (or another helper) in a process group of its own: a terminal's Ctrl-C reaches
 * the service alone, which then finishes or cancels its jobs in order, instead of killing every
 * encoder and decoder under them. Each child is kept until it exits, so that the service can
 * kill what is left when it stops, and does when it exits.
 */
export function spawnChild(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => killChildren());
  }
  const child = spawn(command, args, { ...options, detached: true });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

/** Kills every child still running; returns how many there were. */
export function killChildren(): number {
  const n = live.size;
  for (const child of live) child.kill('SIGKILL');
  live.clear();
  return n;
}
