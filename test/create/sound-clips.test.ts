import t from 'tap';
import type { SoundBand, SoundPrimitive } from '../../src/create/audio.js';
import { soundPrimitiveClip, soundKeyClip } from '../../src/create/sound-clips.js';
import { SoundAnalyzer } from '../../src/extract/sound/analysis.js';
import { VALUES } from '../../src/base/values.js';
import { allSoundKeys, SILENCE_KEY } from '../../src/model/sound.js';

const SR = 48000;
const INSTANT = 2000; // 48 kHz / 24 fps

t.test('soundPrimitiveClip hits the requested key in every instant', async (t) => {
  const targets: Array<[SoundPrimitive, SoundBand]> = [['rumble', 'low'], ['tone', 'mid'], ['tone', 'high'], ['hiss', 'mid'], ['hiss', 'high']];
  for (const [sampleRate, fps] of [[48000, 24], [44100, 30]]) {
    const analyzer = new SoundAnalyzer({ sampleRate });
    const len = Math.round(sampleRate / fps);
    const keysOf = (x: Float32Array) => {
      const keys = new Set<string>();
      for (let i = 0; i + len <= x.length; i += len) keys.add(analyzer.analyze(x.subarray(i, i + len)).key);
      return [...keys];
    };
    const unreachable: string[] = [];
    for (const [primitive, band] of targets) {
      for (let b = 0; b <= 10; b++) {
        const key = `${(b / 10).toFixed(1)}_${band}_${primitive}`;
        const got = keysOf(soundPrimitiveClip(primitive, b, 0.5, sampleRate, band));
        if (got.length !== 1 || got[0] !== key) unreachable.push(`${key} → ${got.join(',')}`);
      }
    }
    t.same(keysOf(soundPrimitiveClip('silence', 5, 0.5, sampleRate)), [SILENCE_KEY], 'silence');
    // Every one of the 56 default keys is reachable (none to report).
    t.same(unreachable, [], `${sampleRate} Hz / ${fps} fps: all 55 primitive keys hit exactly`);
  }
  // Defaults: rumble → low, tone → mid, hiss → high; soundKeyClip covers all 56 keys.
  const analyzer = new SoundAnalyzer({ sampleRate: SR });
  t.equal(analyzer.analyze(soundPrimitiveClip('hiss', 3, 0.1).subarray(0, INSTANT)).key, '0.3_high_hiss');
  t.equal(analyzer.analyze(soundPrimitiveClip('tone', 10, 0.1).subarray(0, INSTANT)).key, '1.0_mid_tone');
  const all = allSoundKeys(VALUES.static_sound.primitives);
  t.equal(all.length, 56);
  const missed = all.filter((key) => {
    const x = soundKeyClip(key, 0.1);
    return !x || analyzer.analyze(x.subarray(0, INSTANT)).key !== key;
  });
  t.same(missed, [], 'soundKeyClip reaches all 56 keys');
  t.throws(() => soundPrimitiveClip('rumble', 3, 0.1, SR, 'mid'));
  t.equal(soundKeyClip('0.3_low_tone'), null);
});
