import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { WORKFLOWS_FILE } from '../../src/loop/workflows.js';
import { BIN } from './cli.js';

export interface Service {
  pid: number;
  /** The HTTP API's base URL, once `listening()` resolved. */
  url: string;
  /** Everything the process logged so far. */
  log(): string;
  /** Resolves once the log matches (at least `times` times); rejects if the process exits first. */
  waitForLog(pattern: RegExp, times?: number): Promise<void>;
  /** GET a JSON route of the API. */
  get<T = unknown>(path: string): Promise<T>;
  /** Sends a signal; resolves with the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** Resolves with the exit code once the process ends by itself. */
  exited: Promise<number | null>;
  /** What it printed on stdout. */
  stdout(): string;
}

/**
 * `motion-registry <args>` as a child process logging at info, with the API on a free port when
 * it serves one; resolves once it started (its API listening, when it has one).
 */
export async function runService(args: string[], env: Record<string, string>, options: { api?: boolean; group?: boolean } = {}): Promise<Service> {
  // `group`: in a process group of its own, as a terminal runs it, so that the group can be signalled (Ctrl-C).
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, MOTION_REGISTRY_API__PORT: '0', ...env, MOTION_REGISTRY_LOG__LEVEL: 'info' }, detached: options.group ?? false });
  let text = '';
  child.stderr.on('data', (c: Buffer) => { text += c.toString(); });
  let out = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const count = (pattern: RegExp) => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;
  const waitForLog = async (pattern: RegExp, times = 1) => {
    while (count(pattern) < times) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${args[0]} exited (${child.exitCode ?? child.signalCode}) before logging ${pattern}:\n${text.slice(-4000)}`);
      await sleep(50);
    }
  };
  const service: Service = {
    pid: child.pid!,
    url: '',
    log: () => text,
    stdout: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    exited,
    waitForLog,
    async get<T>(path: string) {
      const res = await fetch(`${service.url}${path}`);
      return await res.json() as T;
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  if (options.api ?? true) {
    await waitForLog(/"msg":"HTTP API listening"/);
    const line = text.split('\n').find((l) => l.includes('"msg":"HTTP API listening"'))!;
    service.url = (JSON.parse(line) as { address: string }).address;
  }
  return service;
}

/** The workflows file with one more: `idle`, which finds no job on an empty store (the VP9 sweep waits for the lossless one). */
export function idleWorkflows(dir: string): string {
  const doc = parse(readFileSync(WORKFLOWS_FILE, 'utf8')) as { workflows: Record<string, unknown> };
  doc.workflows.idle = { strategies: ['color_sweep_vp9'], exploit_ratio: 0, extraction_focus: 'all', static_focus: 'both', delay_seconds: 0, clip_seconds: 3 };
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'workflows.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}
