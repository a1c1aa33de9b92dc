import t from 'tap';
import { synthesizeAudio, MOOD_SHAPES, type SoundPrimitive } from '../../src/create/audio.js';
import { neutralSpec } from '../../src/create/spec.js';
import type { SceneSpec } from '../../src/model/scene.js';
import { analyzeSoundWindow } from '../../src/extract/dynamic/sound.js';
import { SoundAnalyzer } from '../../src/extract/sound/analysis.js';
import { VALUES } from '../../src/base/values.js';

const SR = 48000;
const INSTANT = 2000; // 48 kHz / 24 fps
const d = VALUES.dynamic;

/** A neutral spec with the given audio (music with all three layers unless overridden). */
function makeSpec(audio: Partial<SceneSpec['audio']>, seed = 1, duration = 3): SceneSpec {
  return neutralSpec({
    seed,
    duration,
    audio: {
      tempo: 'medium',
      mood: 'neutral',
      presence: 'music',
      layers: [{ primitive: 'rumble', level: 0.4 }, { primitive: 'tone', level: 0.5 }, { primitive: 'hiss', level: 0.2 }],
      ...audio,
    },
  });
}

const bytes = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

t.test('deterministic: same spec, same bytes; another seed, other noise', async (t) => {
  for (const presence of ['ambient', 'music', 'sfx', 'full']) {
    const spec = makeSpec({ presence, tempo: 'fast' }, 42, 1.5);
    const a = synthesizeAudio(spec);
    const b = synthesizeAudio(structuredClone(spec));
    t.equal(a.length, 72000, `${presence}: length = duration × sampleRate`);
    t.ok(bytes(a).equals(bytes(b)), `${presence}: byte-identical`);
    t.notOk(bytes(a).equals(bytes(synthesizeAudio(makeSpec({ presence, tempo: 'fast' }, 43, 1.5)))), `${presence}: seed 43 differs`);
  }
  const hiss = (seed: number) => synthesizeAudio(makeSpec({ presence: 'ambient', layers: [{ primitive: 'hiss', level: 0.3 }] }, seed, 0.5));
  const [x, y] = [hiss(7), hiss(8)];
  let diff = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff++;
  t.ok(diff > 0.99 * x.length, 'hiss noise differs sample by sample across seeds');
  t.equal(synthesizeAudio(makeSpec({}, 1, 1.2345), 44100).length, Math.round(1.2345 * 44100), 'rounded length at 44.1 kHz');
});

t.test('presence silence is digital silence whatever the layers', async (t) => {
  for (const tempo of d.sound_tempo) {
    const x = synthesizeAudio(makeSpec({ presence: 'silence', tempo, layers: [{ primitive: 'hiss', level: 1 }, { primitive: 'rumble', level: 1 }] }, 5, 2));
    t.equal(x.length, 2 * SR);
    t.ok(x.every((v) => v === 0), `${tempo}: all zeros`);
  }
});

t.test('levels stay within [-1, 1] for every tempo × presence × mood', async (t) => {
  let worst = 0;
  for (const tempo of d.sound_tempo) for (const presence of d.sound_presence) for (const mood of d.sound_mood) {
    const x = synthesizeAudio(makeSpec({ tempo, presence, mood, layers: [{ primitive: 'rumble', level: 1 }, { primitive: 'tone', level: 1 }, { primitive: 'hiss', level: 1 }] }, 9, 0.5));
    for (let i = 0; i < x.length; i++) {
      const a = Math.abs(x[i]);
      if (!(a <= worst)) worst = Number.isFinite(a) ? a : Infinity;
    }
  }
  t.ok(worst <= 1, `peak ${worst.toFixed(3)} ≤ 1`);
  t.ok(worst > 0.9, 'full presence reaches a high level');
  t.same(Object.keys(MOOD_SHAPES).sort(), [...d.sound_mood].sort(), 'every configured mood has a shape');
});

t.test('single-layer specs classify as their primitive, instant by instant', async (t) => {
  const analyzer = new SoundAnalyzer({ sampleRate: SR });
  const expected: Record<string, string> = { rumble: 'low/rumble', tone: 'mid/tone', hiss: 'high/hiss' };
  const cases: Array<[SoundPrimitive, string]> = [['rumble', 'ambient'], ['tone', 'ambient'], ['hiss', 'ambient'], ['tone', 'music'], ['rumble', 'sfx'], ['tone', 'sfx'], ['hiss', 'sfx']];
  for (const [primitive, presence] of cases) {
    const seen: Record<string, number> = {};
    for (const mood of ['neutral', 'soft', 'dark', 'harsh', 'playful']) {
      for (const tempo of d.sound_tempo) {
        const x = synthesizeAudio(makeSpec({ presence, tempo, mood, layers: [{ primitive, level: 0.5 }] }, 11, 1));
        for (let i = 0; i + INSTANT <= x.length; i += INSTANT) {
          const r = analyzer.analyze(x.subarray(i, i + INSTANT));
          const k = `${r.tone}/${r.timbre}`;
          seen[k] = (seen[k] ?? 0) + 1;
        }
      }
    }
    const want = expected[primitive];
    if (presence !== 'sfx') {
      // A continuous bed or a gated tone is the primitive at every instant.
      t.same(Object.keys(seen), [want], `${presence} ${primitive}: ${JSON.stringify(seen)}`);
    } else {
      // Bursts over near-silence: silent instants, else the primitive — except a burst whose
      // onset falls in the last few ms of an instant (the Hann window sees a sliver: broad
      // spectrum), so ≥ 90 % of the sounding instants rather than all.
      const sounding = Object.entries(seen).filter(([k]) => k !== 'silent/silence').reduce((a, [, n]) => a + n, 0);
      t.ok((seen[want] ?? 0) >= 0.9 * sounding, `${presence} ${primitive}: ${JSON.stringify(seen)}`);
      t.ok((seen['silent/silence'] ?? 0) > sounding, `${presence} ${primitive}: mostly near-silence`);
    }
  }
});

t.test('analyzeSoundWindow recovers tempo and presence from 1 s windows', async (t) => {
  // Ground truth: the spec's tempo and presence; a silent clip's tempo is `slow` by definition.
  const tally = { sound_tempo: new Map<string, [number, number]>(), sound_presence: new Map<string, [number, number]>() };
  const confusion: Record<string, Record<string, number>> = {};
  let badShape = 0;
  for (const tempo of d.sound_tempo) for (const presence of d.sound_presence) for (const seed of [1, 2, 3]) for (const mood of ['neutral', 'dark']) {
    const x = synthesizeAudio(makeSpec({ tempo, presence, mood }, seed * 1009, 3));
    for (let w = 0; w < 3; w++) {
      const previous = w > 0 ? x.subarray((w - 1) * SR, w * SR) : null;
      const values = analyzeSoundWindow({ index: w, start: w, sampleRate: SR, samples: x.subarray(w * SR, (w + 1) * SR), previous });
      if (values.length !== 2 || values[0].domain !== 'sound_tempo' || values[1].domain !== 'sound_presence') badShape++;
      const got = Object.fromEntries(values.map((v) => [v.domain, v.value]));
      const want = { sound_tempo: presence === 'silence' ? 'slow' : tempo, sound_presence: presence };
      for (const domain of ['sound_tempo', 'sound_presence'] as const) {
        const cell = tally[domain].get(want[domain]) ?? [0, 0];
        cell[1]++;
        if (got[domain] === want[domain]) cell[0]++;
        tally[domain].set(want[domain], cell);
        const row = (confusion[`${domain}:${want[domain]}`] ??= {});
        row[got[domain]] = (row[got[domain]] ?? 0) + 1;
      }
    }
  }
  t.equal(badShape, 0, 'every window yields [sound_tempo, sound_presence]');
  for (const domain of ['sound_tempo', 'sound_presence'] as const) {
    for (const [value, [hit, n]] of tally[domain]) t.ok(hit / n >= 0.9, `${domain} ${value}: recall ${hit}/${n} = ${(hit / n).toFixed(3)}`);
  }
  t.comment(JSON.stringify(confusion));
});

t.test('analyzeSoundWindow edge cases', async (t) => {
  const silent = analyzeSoundWindow({ index: 0, start: 0, sampleRate: SR, samples: new Float32Array(0), previous: null });
  t.same(silent.map((v) => v.value), ['slow', 'silence'], 'empty window');
  const x = synthesizeAudio(makeSpec({ tempo: 'fast', presence: 'music' }, 3, 2.3));
  const tail = analyzeSoundWindow({ index: 2, start: 2, sampleRate: SR, samples: x.subarray(2 * SR), previous: x.subarray(SR, 2 * SR) });
  t.equal(tail[1].value, 'music', 'a short last window still reads its presence');
  for (const ms of [20, 50, 150]) {
    // A tone fading out (τ = 10 ms): its level moves a lot, but the file is too short for a swell period.
    const x = Float32Array.from({ length: (ms * SR) / 1000 }, (_, i) => 0.5 * Math.sin(i / 10) * Math.exp(-i / (0.01 * SR)));
    const only = analyzeSoundWindow({ index: 0, start: 0, sampleRate: SR, samples: x, previous: null });
    t.equal(only[0].value, 'slow', `a file of ${ms} ms of a fading tone`);
  }
});
