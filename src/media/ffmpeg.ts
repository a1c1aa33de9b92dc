/**
 * Finding an ffmpeg (and, where there is one, ffprobe) binary.
 *
 * Order: `FFMPEG_BIN` / `FFMPEG_PATH` → the `ffmpeg-static` package → `ffmpeg` on `PATH` →
 * the `@ffmpeg-installer/ffmpeg` package (a static 2018 build, the last resort). The answer is
 * cached per process (per distinct set of the environment variables that decide it).
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { MotionRegistryError } from '../base/errors.js';

export interface FfmpegBinary {
  path: string;
  /** The token after `ffmpeg version` on the first line of `-version`, e.g. `5.1.9-0+deb12u1`. */
  version: string;
  source: 'env' | 'ffmpeg-static' | 'path' | '@ffmpeg-installer';
  ffprobe: string | null;
}

type Env = Record<string, string | undefined>;

const VERSION_TIMEOUT_MS = 10_000;
const IS_WINDOWS = process.platform === 'win32';

const INSTALL_HINT =
  'install one with `apt-get install ffmpeg` (or your system\'s package manager), '
  + 'set FFMPEG_BIN to an ffmpeg executable, or run `npm install @ffmpeg-installer/ffmpeg`';

const cache = new Map<string, Promise<FfmpegBinary>>();

/** Forgets the cached binaries (for tests). */
export function resetFfmpegCache(): void {
  cache.clear();
  supportCache.clear();
}

/** Finds ffmpeg and ffprobe; rejects with FFMPEG_NOT_FOUND. The result is cached per process. */
export function resolveFfmpeg(env: Env = process.env): Promise<FfmpegBinary> {
  const key = JSON.stringify([env.FFMPEG_BIN, env.FFMPEG_PATH, env.FFPROBE_BIN, env.PATH, env.PATHEXT]);
  let found = cache.get(key);
  if (found === undefined) {
    found = findFfmpeg(env);
    cache.set(key, found);
    // A failure is not remembered: a later call may find a binary installed meanwhile.
    found.catch(() => { if (cache.get(key) === found) cache.delete(key); });
  }
  return found;
}

/** One line for the log: which binary, which version, where it came from. */
export function describeFfmpeg(b: FfmpegBinary): string {
  return `ffmpeg ${b.version} at ${b.path} (from ${b.source}); ffprobe ${b.ffprobe ?? 'not found, probing with ffmpeg -i'}`;
}

async function findFfmpeg(env: Env): Promise<FfmpegBinary> {
  const tried: string[] = [];

  for (const name of ['FFMPEG_BIN', 'FFMPEG_PATH'] as const) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const path = resolve(value);
    if (!isExecutableFile(path)) {
      throw new MotionRegistryError('FFMPEG_NOT_FOUND',
        `${name}=${value} is not an executable file; point ${name} at an ffmpeg binary or unset it`,
        { variable: name, path });
    }
    const version = await versionOf(path);
    if (version instanceof Error) {
      throw new MotionRegistryError('FFMPEG_NOT_FOUND',
        `${name}=${value} does not run as ffmpeg (${version.message}); point ${name} at an ffmpeg binary or unset it`,
        { variable: name, path });
    }
    return { path, version, source: 'env', ffprobe: await findFfprobe(env, path) };
  }

  const candidates: Array<{ source: FfmpegBinary['source']; path: () => string | null }> = [
    { source: 'ffmpeg-static', path: () => packageExport('ffmpeg-static', (m) => m) },
    { source: 'path', path: () => searchPath('ffmpeg', env) },
    { source: '@ffmpeg-installer', path: () => packageExport('@ffmpeg-installer/ffmpeg', (m) => (m as { path?: unknown })?.path) },
  ];
  for (const candidate of candidates) {
    const path = candidate.path();
    if (path === null) continue;
    if (!isExecutableFile(path)) { tried.push(`${candidate.source}: ${path} is missing or not executable`); continue; }
    const version = await versionOf(path);
    if (version instanceof Error) { tried.push(`${candidate.source}: ${path} does not run (${version.message})`); continue; }
    return { path, version, source: candidate.source, ffprobe: await findFfprobe(env, path) };
  }

  throw new MotionRegistryError('FFMPEG_NOT_FOUND',
    `no ffmpeg binary was found (FFMPEG_BIN unset, no ffmpeg-static binary, no ffmpeg on PATH, `
    + `no @ffmpeg-installer/ffmpeg); ${INSTALL_HINT}`,
    tried.length > 0 ? { tried } : undefined);
}

async function findFfprobe(env: Env, ffmpegPath: string): Promise<string | null> {
  const fromEnv = env.FFPROBE_BIN;
  if (fromEnv !== undefined && fromEnv !== '') {
    const path = resolve(fromEnv);
    const version = isExecutableFile(path) ? await versionOf(path, 'ffprobe') : new Error('not an executable file');
    if (version instanceof Error) {
      throw new MotionRegistryError('FFMPEG_NOT_FOUND',
        `FFPROBE_BIN=${fromEnv} does not run as ffprobe (${version.message}); point FFPROBE_BIN at an ffprobe binary or unset it`,
        { variable: 'FFPROBE_BIN', path });
    }
    return path;
  }
  const beside = join(dirname(ffmpegPath), IS_WINDOWS ? 'ffprobe.exe' : 'ffprobe');
  for (const path of [beside, searchPath('ffprobe', env)]) {
    if (path !== null && isExecutableFile(path) && !((await versionOf(path, 'ffprobe')) instanceof Error)) return path;
  }
  return null;
}

/** The first executable `name` in the PATH entries (relative and empty entries are skipped). */
function searchPath(name: string, env: Env): string | null {
  const exts = IS_WINDOWS ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    for (const ext of exts) {
      const path = join(dir, name + ext.toLowerCase());
      if (isExecutableFile(path)) return path;
    }
  }
  return null;
}

/** The path a binary-shipping package exports, or null when the package is absent or broken. */
function packageExport(name: string, pick: (mod: unknown) => unknown): string | null {
  try {
    const value = pick(createRequire(import.meta.url)(name));
    return typeof value === 'string' && value !== '' ? value : null;
  } catch {
    return null; // not installed, unsupported platform, or its binary missing (these packages throw)
  }
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (!IS_WINDOWS) accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `<bin> -version` → the version token, or the reason it could not be read. */
function versionOf(path: string, tool = 'ffmpeg'): Promise<string | Error> {
  return new Promise((done) => {
    execFile(path, ['-version'], { timeout: VERSION_TIMEOUT_MS, killSignal: 'SIGKILL', windowsHide: true },
      (err, stdout) => {
        if (err) { done(new Error(err.killed ? 'timed out' : err.message.split('\n')[0])); return; }
        const first = String(stdout).split('\n')[0] ?? '';
        const match = new RegExp(`^${tool} version (\\S+)`).exec(first);
        done(match ? match[1] : new Error(`unexpected -version output: ${JSON.stringify(first.slice(0, 80))}`));
      });
  });
}

// --- capabilities ------------------------------------------------------------------------------

const supportCache = new Map<string, Promise<Set<string>>>();

function codecList(bin: FfmpegBinary, kind: 'encoders' | 'decoders'): Promise<Set<string>> {
  const key = `${bin.path}\0${kind}`;
  let list = supportCache.get(key);
  if (list === undefined) {
    list = new Promise((done) => {
      execFile(bin.path, ['-hide_banner', `-${kind}`],
        { timeout: VERSION_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 8 << 20, windowsHide: true },
        (err, stdout) => {
          const names = new Set<string>();
          if (!err) {
            // Lines look like ` V....D libvpx-vp9           libvpx VP9 (codec vp9)`; the legend precedes ` ------`.
            const body = String(stdout).split(/^ -+$/m)[1] ?? '';
            for (const line of body.split('\n')) {
              const m = /^\s*[VAS.][A-Z.]{5}\s+(\S+)/.exec(line);
              if (m) names.add(m[1]);
            }
          }
          done(names);
        });
    });
    supportCache.set(key, list);
  }
  return list;
}

/** Whether the binary has an encoder (default) or decoder of this name, e.g. `libvpx-vp9`, `qtrle`. */
export async function ffmpegSupports(
  bin: FfmpegBinary,
  what: 'libvpx-vp9' | 'libvpx' | 'libx264' | 'qtrle' | 'aac' | 'png' | 'ffv1' | 'prores_ks' | (string & {}),
  kind: 'encoder' | 'decoder' = 'encoder',
): Promise<boolean> {
  return (await codecList(bin, kind === 'encoder' ? 'encoders' : 'decoders')).has(what);
}
