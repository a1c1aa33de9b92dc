import t from 'tap';
import {
  SILENCE_KEY, TONE_BANDS, allSoundKeys, amplitudeBand, parseSoundKey, soundCellKey, soundDepth, soundKey, soundPairs,
} from '../../src/model/sound.js';

const DEFAULT_PRIMITIVES = ['silence', 'rumble', 'tone', 'hiss'];

t.test('amplitude bands: tenths, clamped to 0…10', async (t) => {
  t.same([0, 0.04, 0.05, 0.149, 0.15, 0.5, 0.94, 0.95, 1].map(amplitudeBand), [0, 0, 1, 1, 2, 5, 9, 10, 10]);
  t.equal(amplitudeBand(-0.3), 0);
  t.equal(amplitudeBand(7), 10);
});

t.test('cell keys print the band with one decimal', async (t) => {
  t.equal(SILENCE_KEY, '0.0_silent_silence');
  t.equal(soundCellKey({ band: 0, tone: 'low', timbre: 'rumble' }), '0.0_low_rumble');
  t.equal(soundCellKey({ band: 7, tone: 'mid', timbre: 'tone' }), '0.7_mid_tone');
  t.equal(soundCellKey({ band: 10, tone: 'high', timbre: 'hiss' }), '1.0_high_hiss');
});

t.test('soundKey: anything silent is the one silence key', async (t) => {
  t.equal(soundKey(0.009, 'mid', 'tone'), SILENCE_KEY, 'below the default threshold 0.01');
  t.equal(soundKey(0.01, 'mid', 'tone'), '0.0_mid_tone', 'at the threshold it is sound');
  t.equal(soundKey(0.8, 'silent', 'tone'), SILENCE_KEY, 'a silent tone band');
  t.equal(soundKey(0.8, 'high', 'silence'), SILENCE_KEY, 'a silence timbre');
  t.equal(soundKey(0.3, 'mid', 'tone', 0.5), SILENCE_KEY, 'a custom threshold');
  t.equal(soundKey(0.5, 'mid', 'tone', 0.5), '0.5_mid_tone');
  t.equal(soundKey(3, 'low', 'rumble'), '1.0_low_rumble', 'loud sound clamps to the top band');
});

t.test('parseSoundKey takes only well-formed keys', async (t) => {
  t.same(parseSoundKey('0.0_silent_silence'), { band: 0, tone: 'silent', timbre: 'silence' });
  t.same(parseSoundKey('1.0_high_hiss'), { band: 10, tone: 'high', timbre: 'hiss' });
  t.same(parseSoundKey('0.9_low_whoosh'), { band: 9, tone: 'low', timbre: 'whoosh' });
  for (const bad of ['1.1_mid_tone', '0.55_mid_tone', '0_mid_tone', '0.5_loud_tone', '0.5_mid_Tone', '0.5_mid_', '0.5_mid_tone_x', '', ' 0.5_mid_tone']) {
    t.equal(parseSoundKey(bad), null, `"${bad}"`);
  }
  for (const key of allSoundKeys(DEFAULT_PRIMITIVES)) t.equal(soundCellKey(parseSoundKey(key)!), key, `${key} round trips`);
});

t.test('soundPairs follow the tone bands, then the primitives in the order given', async (t) => {
  t.same(TONE_BANDS, ['silent', 'low', 'mid', 'high']);
  t.same(soundPairs(DEFAULT_PRIMITIVES), [
    { tone: 'low', timbre: 'rumble' },
    { tone: 'mid', timbre: 'tone' },
    { tone: 'mid', timbre: 'hiss' },
    { tone: 'high', timbre: 'tone' },
    { tone: 'high', timbre: 'hiss' },
  ]);
  t.same(soundPairs(['hiss', 'tone']).map((p) => `${p.tone}/${p.timbre}`), ['mid/hiss', 'mid/tone', 'high/hiss', 'high/tone']);
  t.same(soundPairs(['silence']), [], 'silence has no tone band');
  t.same(soundPairs(['hum', 'drip']), [], 'primitives without bands make no pairs');
  t.same(soundPairs([]), []);
});

t.test('allSoundKeys: the silence key, then 11 bands per pair', async (t) => {
  const keys = allSoundKeys(DEFAULT_PRIMITIVES);
  t.equal(keys.length, 1 + 5 * 11);
  t.equal(new Set(keys).size, keys.length);
  t.same(keys.slice(0, 3), ['0.0_silent_silence', '0.0_low_rumble', '0.1_low_rumble']);
  t.equal(keys[11], '1.0_low_rumble');
  t.equal(keys[12], '0.0_mid_tone');
  t.equal(keys[keys.length - 1], '1.0_high_hiss');
  t.same(allSoundKeys(['rumble']), Array.from({ length: 11 }, (_, b) => `${(b / 10).toFixed(1)}_low_rumble`), 'no silence key without silence');
  t.same(allSoundKeys(['silence']), [SILENCE_KEY]);
  t.same(allSoundKeys([]), []);
});

t.test('soundDepth: the primitive against silence, rounded to hundredths', async (t) => {
  t.same(soundDepth(0.456, 'tone'), { origin_noises: { silence: 0.54, tone: 0.46 }, amplitude: 0.46, strength_pct: 0.46 });
  t.same(soundDepth(1, 'hiss'), { origin_noises: { silence: 0, hiss: 1 }, amplitude: 1, strength_pct: 1 });
  t.same(soundDepth(1.7, 'hiss'), { origin_noises: { silence: 0, hiss: 1 }, amplitude: 1, strength_pct: 1 }, 'clamped above');
  t.same(soundDepth(-0.2, 'rumble'), { origin_noises: { silence: 1, rumble: 0 }, amplitude: 0, strength_pct: 0 }, 'clamped below');
  t.same(soundDepth(0.9, 'silence'), { origin_noises: { silence: 1 }, amplitude: 0, strength_pct: 0 }, 'silence ignores amplitude');
});
