import t from 'tap';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { interpret } from '../../src/create/interpreter/interpret.js';
import { validateSpec } from '../../src/create/spec.js';
import type { SceneSpec } from '../../src/model/scene.js';
import { SceneRenderer } from '../../src/create/render/index.js';
import { synthesizeAudio } from '../../src/create/audio.js';
import { encodeClip } from '../../src/create/encode.js';
import { extractFile, type FileExtraction } from '../../src/extract/extract.js';
import { ExtractionPool } from '../../src/extract/pool.js';
import { resolveFfmpeg } from '../../src/media/ffmpeg.js';
import { canonicalOfKey } from '../../src/model/dynamic.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

const dir = join(tempDataDir(t), '..');
const config = testConfig(join(dir, 'data'));
const pool = new ExtractionPool(2);
t.teardown(() => pool.close());
const ffmpeg = await resolveFfmpeg();

type Override = (spec: Record<string, Record<string, unknown>>) => void;

function spec(seed: number, override: Override): SceneSpec {
  const s = structuredClone(interpret(`round trip ${seed}`, {
    seed, defaults: { width: 192, height: 108, duration: 2, fps: 24, shape: 'circle' },
  })) as unknown as Record<string, Record<string, unknown>>;
  // Clear conditions: no mirroring (it hides left/right cues) and a small subject.
  s.composition.symmetry = 'asymmetric';
  s.composition.framing = 'wide';
  override(s);
  return validateSpec(s);
}

async function roundTrip(name: string, s: SceneSpec): Promise<FileExtraction> {
  const clip = await encodeClip(s, join(dir, `${name}.mp4`), { ffmpeg, audio: synthesizeAudio(s) });
  return extractFile(clip.file, { config, pool, ffmpeg }, { maxFrames: 4, mood: s.audio.mood });
}

/** The value a domain showed in most windows. */
function majority(x: FileExtraction, domain: string): string | undefined {
  const votes = new Map<string, number>();
  for (const c of x.cells) {
    if (c.registry !== 'dynamic' || c.domain !== domain) continue;
    const v = canonicalOfKey(domain, c.key) ?? c.key;
    votes.set(v, (votes.get(v) ?? 0) + c.observation.count);
  }
  return [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
}

t.test('each gradient type is observed as rendered', async (t) => {
  for (const type of ['vertical', 'horizontal', 'radial', 'angled']) {
    const s = spec(11, (x) => {
      x.gradient.type = type;
      x.gradient.angle = 35;
      x.lighting.contrast = 'normal';
      x.camera.motion = 'static';
    });
    t.equal(majority(await roundTrip(`gradient-${type}`, s), 'gradient_type'), type, type);
  }
});

t.test('camera moves are observed as rendered', async (t) => {
  for (const motion of ['static', 'pan', 'tilt', 'zoom', 'zoom_out', 'rotate']) {
    const s = spec(23, (x) => {
      x.camera.motion = motion;
      x.camera.speed = 'medium';
      x.camera.steadiness = 'locked';
    });
    t.equal(majority(await roundTrip(`camera-${motion}`, s), 'camera_motion'), motion, motion);
  }
});

t.test('a pan over a still, centred subject is a pan (the subject moves with the scene)', async (t) => {
  for (const seed of [29, 37]) {
    const s = spec(seed, (x) => {
      x.camera.motion = 'pan';
      x.camera.speed = 'medium';
      x.camera.steadiness = 'locked';
      x.composition.balance = 'balanced';
      x.composition.framing = 'medium';
      x.motion.speed = 'static';
    });
    t.equal(majority(await roundTrip(`pan-still-${seed}`, s), 'camera_motion'), 'pan', `seed ${seed}`);
  }
});

t.test('subject speed, easing and rhythm are observed as rendered', async (t) => {
  const cases: Array<[string, Record<string, string>]> = [
    ['slow', { speed: 'slow' }], ['fast', { speed: 'fast' }],
    ['ease-in', { acceleration: 'ease_in' }], ['ease-in-out', { acceleration: 'ease_in_out' }],
    ['pulsing', { rhythm: 'pulsing' }], ['steady', { rhythm: 'steady' }],
  ];
  for (const [name, motion] of cases) {
    const s = spec(71, (x) => {
      x.camera.motion = 'static';
      x.camera.steadiness = 'locked';
      x.composition.framing = 'medium';
      x.motion = { speed: 'medium', rhythm: 'steady', smoothness: 'smooth', directionality: 'horizontal', acceleration: 'constant', ...motion };
    });
    const x = await roundTrip(`motion-${name}`, s);
    const [field, value] = Object.entries(motion)[0];
    t.equal(majority(x, `motion_${field}`), value, name);
  }
});

t.test('a fast radial subject keeps its steady pace down to its smallest size', async (t) => {
  const s = spec(71, (x) => {
    x.camera.motion = 'static';
    x.camera.steadiness = 'locked';
    x.composition.framing = 'medium';
    x.lighting.contrast = 'normal';
    x.motion = { speed: 'fast', rhythm: 'steady', smoothness: 'smooth', directionality: 'radial', acceleration: 'ease_out' };
  });
  const x = await roundTrip('motion-radial-steady', s);
  t.equal(majority(x, 'motion_directionality'), 'radial');
  t.equal(majority(x, 'motion_rhythm'), 'steady');
  t.equal(majority(x, 'motion_acceleration'), 'ease_out');
});

t.test('each off-centre balance is observed as rendered', async (t) => {
  for (const balance of ['top_heavy', 'bottom_heavy', 'left_heavy', 'right_heavy']) {
    const s = spec(23, (x) => {
      x.composition.balance = balance;
      x.camera.motion = 'static';
      x.lighting.contrast = 'normal';
    });
    t.equal(majority(await roundTrip(`balance-${balance}`, s), 'composition_balance'), balance, balance);
  }
});

t.test('a fade and a cut are observed', async (t) => {
  for (const type of ['fade', 'cut']) {
    const s = spec(31, (x) => {
      x.transition.type = type;
      x.transition.shots = 2;
      x.camera.motion = 'static';
    });
    const x = await roundTrip(`transition-${type}`, s);
    const seen = x.cells.filter((c) => c.domain === 'transition_type').map((c) => c.key);
    t.same(seen, [type], type);
  }
});

t.test('each sound primitive is heard as rendered', async (t) => {
  for (const primitive of ['rumble', 'tone', 'hiss'] as const) {
    const s = spec(41, (x) => {
      x.audio.presence = 'ambient';
      x.audio.layers = [{ primitive, level: 0.5 }] as unknown as Record<string, unknown>;
    });
    const timbres = (await roundTrip(`sound-${primitive}`, s)).cells
      .filter((c) => c.registry === 'static_sound' && !c.key.endsWith('silence'))
      .map((c) => c.key.split('_')[2]);
    t.ok(timbres.length > 0 && timbres.every((tb) => tb === primitive), `${primitive}: ${timbres.join(' ')}`);
  }
  const quiet = spec(43, (x) => {
    x.audio.presence = 'silence';
    x.audio.layers = [] as unknown as Record<string, unknown>;
  });
  const keys = (await roundTrip('sound-silence', quiet)).cells.filter((c) => c.registry === 'static_sound').map((c) => c.key);
  t.same(keys, ['0.0_silent_silence']);
});

t.test('an alpha clip keeps its opacity', async (t) => {
  const s = spec(53, (x) => {
    (x as Record<string, unknown>).alpha = true;
    (x as Record<string, unknown>).opacity = 0.35;
  });
  const clip = await encodeClip(s, join(dir, 'alpha.mov'), { ffmpeg, audio: synthesizeAudio(s) });
  const x = await extractFile(clip.file, { config, pool, ffmpeg }, { maxFrames: 3, dynamic: false });
  const opacities = new Set(x.cells.filter((c) => c.registry === 'static_color').map((c) => c.key.split('_')[1]));
  t.same([...opacities], ['0.35']);
});

t.test('same spec and seed give the same frames and samples', async (t) => {
  const s = spec(61, (x) => {
    x.camera.motion = 'handheld';
  });
  const hash = (sp: SceneSpec) => {
    const r = new SceneRenderer(sp);
    const h = createHash('sha256');
    for (let i = 0; i < r.frameCount; i++) h.update(r.frame(i));
    return h.update(new Uint8Array(synthesizeAudio(sp).buffer)).digest('hex');
  };
  t.equal(hash(s), hash(structuredClone(s)));
  t.not(hash(s), hash({ ...s, seed: s.seed + 1 }), 'another seed gives another clip');
  const a = await encodeClip(s, join(dir, 'det-a.mov'), { ffmpeg, alphaCodec: 'qtrle' });
  const b = await encodeClip(s, join(dir, 'det-b.mov'), { ffmpeg, alphaCodec: 'qtrle' });
  const decode = (f: string) => createHash('sha256').update(execFileSync(ffmpeg.path, ['-v', 'error', '-i', f, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 1 << 28 })).digest('hex');
  t.equal(decode(a.file), decode(b.file), 'decoded frames are identical');
});
