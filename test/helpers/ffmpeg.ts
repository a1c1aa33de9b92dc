import type t from 'tap';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/base/paths.js';
import { MotionRegistryError } from '../../src/base/errors.js';

/** tap's Test type, without importing tap's internal packages. */
export type TapTest = Pick<typeof t, 'type' | 'equal' | 'match' | 'fail' | 'ok'>;

/** Where `@ffmpeg-installer` puts its binary, when that optional package is installed. */
export const INSTALLER_BIN = join(PACKAGE_ROOT, 'node_modules', '@ffmpeg-installer', 'linux-x64', 'ffmpeg');

/** An environment with none of the FFMPEG_* variables, only PATH and what is given. */
export const cleanEnv = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', ...extra });

/** Asserts that `p` rejects with a catalogue error of `code` whose message matches. */
export async function rejectsWith(t: TapTest, p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  try {
    await p;
    t.fail(`expected ${code}, it resolved`);
  } catch (err) {
    t.type(err, MotionRegistryError);
    t.equal((err as MotionRegistryError).code, code, (err as Error).message);
    t.match((err as Error).message, message);
  }
}
