import t from 'tap';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, INSTALLER_BIN, rejectsWith } from '../helpers/ffmpeg.js';
import {
  describeFfmpeg,
  ffmpegSupports,
  resetFfmpegCache,
  resolveFfmpeg,
} from '../../src/media/ffmpeg.js';


function ffmpegStaticBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('ffmpeg-static') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}


// --- binaries ------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'motionreg-ffmpeg-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const clip = (name: string) => join(dir, name);

const system = await resolveFfmpeg(cleanEnv());

// --- resolution ------------------------------------------------------------------------------

t.test('default resolution', async (t) => {
  const staticBin = ffmpegStaticBinary();
  if (staticBin !== null) {
    t.equal(system.source, 'ffmpeg-static', 'ffmpeg-static wins when its binary is installed');
    t.equal(system.path, staticBin);
  } else {
    t.equal(system.source, 'path', 'ffmpeg-static has no binary here: ffmpeg comes from PATH');
    t.match(system.path, /\/ffmpeg$/);
  }
  t.match(system.version, /^\S+$/);
  t.not(system.ffprobe, null, 'ffprobe is found on PATH');
  t.match(describeFfmpeg(system), system.version);
  t.match(describeFfmpeg(system), system.path);

  t.equal(await resolveFfmpeg(cleanEnv()), system, 'cached per process');
  resetFfmpegCache();
  const again = await resolveFfmpeg(cleanEnv());
  t.not(again, system, 'a reset resolves afresh');
  t.same(again, system);

  t.equal(await ffmpegSupports(system, 'libvpx-vp9'), true);
  t.equal(await ffmpegSupports(system, 'libvpx-vp9', 'decoder'), true);
  t.equal(await ffmpegSupports(system, 'qtrle'), true);
  t.equal(await ffmpegSupports(system, 'no-such-codec'), false);
});

t.test('FFMPEG_BIN and FFMPEG_PATH', async (t) => {
  const missing = clip('no-such-ffmpeg');
  await rejectsWith(t, resolveFfmpeg(cleanEnv({ FFMPEG_BIN: missing })), 'FFMPEG_NOT_FOUND', /FFMPEG_BIN=.*no-such-ffmpeg/);
  await rejectsWith(t, resolveFfmpeg(cleanEnv({ FFMPEG_PATH: missing })), 'FFMPEG_NOT_FOUND', /FFMPEG_PATH=/);
  await rejectsWith(t, resolveFfmpeg(cleanEnv({ FFMPEG_BIN: dir })), 'FFMPEG_NOT_FOUND', /FFMPEG_BIN=/);

  const fake = clip('fake-ffmpeg');
  writeFileSync(fake, '#!/bin/sh\necho "not ffmpeg"\n');
  chmodSync(fake, 0o755);
  await rejectsWith(t, resolveFfmpeg(cleanEnv({ FFMPEG_BIN: fake })), 'FFMPEG_NOT_FOUND', /FFMPEG_BIN=.*does not run as ffmpeg/);

  await rejectsWith(t, resolveFfmpeg(cleanEnv({ FFPROBE_BIN: missing })), 'FFMPEG_NOT_FOUND', /FFPROBE_BIN=/);

  const viaPath = await resolveFfmpeg(cleanEnv({ FFMPEG_PATH: system.path }));
  t.equal(viaPath.source, 'env');
  t.equal(viaPath.path, system.path);
});

t.test('FFMPEG_BIN at the @ffmpeg-installer 4.1 build', async (t) => {
  t.ok(existsSync(INSTALLER_BIN), '@ffmpeg-installer ships its binary inside the npm package');
  const b = await resolveFfmpeg(cleanEnv({ FFMPEG_BIN: INSTALLER_BIN }));
  t.equal(b.source, 'env');
  t.equal(b.path, INSTALLER_BIN);
  // The "4.1" build is a 2018 git snapshot: `-version` names the commit, not a release.
  t.equal(b.version, 'N-47683-g0e8eb07980-static');
  t.equal(b.ffprobe, system.ffprobe, 'no ffprobe beside it: the one on PATH is used');
});

t.test('no ffmpeg on PATH: @ffmpeg-installer is the last resort',
  async (t) => {
    const b = await resolveFfmpeg({ PATH: dir });
    if (ffmpegStaticBinary() !== null) {
      t.equal(b.source, 'ffmpeg-static', 'ffmpeg-static comes before PATH and @ffmpeg-installer');
      return;
    }
    t.equal(b.source, '@ffmpeg-installer');
    t.equal(b.path, INSTALLER_BIN);
    t.equal(b.ffprobe, null);
    t.match(describeFfmpeg(b), /ffprobe not found/);
  });
