import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, TUNING_FILE } from '../../src/base/config.js';

t.test('defaults load and validate', async (t) => {
  const config = loadConfig({ env: {} });
  t.equal(config.data_dir, './data');
  t.equal(config.learning.max_frames, 120);
  t.equal(config.learning.sample_every, 2);
  t.equal(config.color.min_share, 0.02);
  t.same(config.sound.primitives, ['silence', 'rumble', 'tone', 'hiss']);
  t.equal(config.bus.nats_url, '');
});

t.test('a file and the environment override defaults', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'over.yaml');
  writeFileSync(file, 'learning:\n  max_frames: 0\ncolor:\n  min_share: 0.05\n');
  const config = loadConfig({ file, env: { MOTION_REGISTRY_LEARNING__SAMPLE_EVERY: '3', NATS_URL: 'nats://127.0.0.1:4222' } });
  t.equal(config.learning.max_frames, 0);
  t.equal(config.learning.sample_every, 3);
  t.equal(config.color.min_share, 0.05);
  t.equal(config.bus.nats_url, 'nats://127.0.0.1:4222');
  t.equal(config.learning.second_pass, false, 'untouched keys keep their defaults');
});

t.test('a data dir\'s measured settings sit over the defaults and under a file and the environment', async (t) => {
  const data = t.testdir();
  writeFileSync(join(data, TUNING_FILE), 'pipeline:\n  workers: 3\n  frames_in_flight: 24\ndynamic:\n  analysis_width: 128\n');
  const file = join(data, 'over.yaml');
  writeFileSync(file, 'pipeline:\n  frames_in_flight: 8\n');
  const overrides = { data_dir: data };
  t.equal(loadConfig({ env: {}, overrides }).pipeline.workers, 2, 'read only when asked for');
  const tuned = loadConfig({ env: { MOTION_REGISTRY_DYNAMIC__ANALYSIS_WIDTH: '160' }, file, overrides, tuned: true });
  t.same([tuned.pipeline.workers, tuned.pipeline.frames_in_flight, tuned.dynamic.analysis_width], [3, 8, 160]);
  writeFileSync(join(data, TUNING_FILE), 'pipeline:\n  workers: many\n');
  t.throws(() => loadConfig({ env: {}, overrides, tuned: true }), { code: 'CONFIG_INVALID' }, 'a spoiled tuning file is named like any config error');
  t.equal(loadConfig({ env: {}, overrides: { data_dir: join(data, 'elsewhere') }, tuned: true }).pipeline.workers, 2, 'a data dir without one keeps the defaults');
});

t.test('an unknown key is an error naming it', async (t) => {
  t.throws(() => loadConfig({ env: { MOTION_REGISTRY_LEARNING__MAX_FRAMEZ: '3' } }), {
    code: 'CONFIG_INVALID',
    message: /unknown key "learning\.max_framez"/,
  });
});

t.test('a bad enum value names the allowed values', async (t) => {
  t.throws(() => loadConfig({ env: { MOTION_REGISTRY_LOG__LEVEL: 'loud' } }), {
    code: 'CONFIG_INVALID',
    message: /"log\.level" must be one of: fatal, error, warn, info, debug, trace, silent/,
  });
  t.throws(() => loadConfig({ overrides: { sound: { primitives: ['tone', 'kazoo'] } }, env: {} }), {
    message: /"sound\.primitives\.1" must be one of: silence, rumble/,
  });
});

t.test('a bad number and an unreadable file are errors', async (t) => {
  t.throws(() => loadConfig({ env: { MOTION_REGISTRY_LEARNING__SAMPLE_EVERY: '0' } }), { code: 'CONFIG_INVALID', message: /learning\.sample_every/ });
  t.throws(() => loadConfig({ file: '/nonexistent/x.yaml', env: {} }), { code: 'CONFIG_UNREADABLE' });
  t.throws(() => loadConfig({ env: {}, overrides: { dynamic: { intended_only: { camera_motion: { moonwalk: 'no' } } } } }), {
    message: /unknown value "moonwalk"/,
  });
});

t.test('completion spaces and combination patterns are checked against the declared spaces', async (t) => {
  t.same(loadConfig({ env: {} }).completion.spaces, ['gradient_camera', 'sound_tempo_mood_presence', 'genre_mood_themes']);
  t.same(loadConfig({ env: {}, overrides: { completion: { spaces: [] } } }).completion.spaces, [], 'every combination space may be left out');
  t.throws(() => loadConfig({ env: {}, overrides: { completion: { spaces: ['genre_mood_plots'] } } }), {
    code: 'CONFIG_INVALID', message: /"completion\.spaces\.0" must be one of: gradient_camera, sound_tempo_mood_presence, genre_mood_themes/,
  });
  const pattern = (key: string) => ({ env: {}, overrides: { dynamic: { intended_only: { sound_tempo_mood_presence: { [key]: 'why' } } } } });
  t.doesNotThrow(() => loadConfig(pattern('slow+*+*')));
  t.throws(() => loadConfig(pattern('slow+*')), { message: /unknown value "slow\+\*"; allowed: sound_tempo\+sound_mood\+sound_presence with one value or \* per part/ });
  t.throws(() => loadConfig(pattern('andante+calm+music')), { message: /unknown value "andante\+calm\+music"/ });
  t.throws(() => loadConfig({ env: {}, overrides: { dynamic: { intended_only: { camera_motion: { '*': 'no' } } } } }), { message: /unknown value "\*"/ }, 'no patterns outside combination spaces');
});
