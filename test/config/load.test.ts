import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';

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
