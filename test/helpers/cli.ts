import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The command a user runs. */
export const BIN = fileURLToPath(new URL('../../../bin/motion-registry.js', import.meta.url));

/** Loop clips small and one extraction worker, for commands that run jobs in tests. */
export const SMALL_LOOP = {
  MOTION_REGISTRY_LOOP__WIDTH: '128', MOTION_REGISTRY_LOOP__HEIGHT: '72', MOTION_REGISTRY_LOOP__FPS: '12', MOTION_REGISTRY_PIPELINE__WORKERS: '1',
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A runner of `motion-registry` as a child process with `env` added (logs silent); resolves with its exit code and output. */
export function cli(env: Record<string, string> = {}): (...args: string[]) => Promise<CliResult> {
  return async (...args) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
        env: { ...process.env, ...env, MOTION_REGISTRY_LOG__LEVEL: 'silent' }, maxBuffer: 256 << 20,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
