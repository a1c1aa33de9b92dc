import t from 'tap';
import { lavfiSamples, makeClip } from '../../helpers/media.js';
import { burstsExpr, droneExpr, evalGraph, mixGraphs, noiseGraph, pulseExpr } from '../../helpers/sound-clips.js';
import { decoded, PATTERNS, PHASES, read, SR, windowsOf, withContext } from '../../helpers/sound-windows.js';
import { analyzeSoundWindow, nextSoundContext, SOUND_CONTEXT_SECONDS } from '../../../src/extract/dynamic/sound.js';
import { detectOnsets, HOP_SECONDS } from '../../../src/extract/dynamic/sound-onsets.js';

const SECONDS = 4;

t.test('every hit of a mix is an onset, quiet ones included, and nothing else is', async (t) => {
  // Kick and snare alternate at 150 bpm (0.4 s); the snare 20 dB under the kick, all over a drone.
  const beat = 0.4;
  for (const phase of PHASES) {
    const x = await lavfiSamples(evalGraph(`${pulseExpr(150, phase, PATTERNS['kick, snare at −20 dB'])}+${droneExpr(0.4)}`, SECONDS));
    const found = detectOnsets(x.subarray(SR, 2 * SR), x.subarray(2 * SR, 3 * SR), SR).times.filter((time) => time >= 0);
    const beats: number[] = [];
    for (let at = phase; at < 3; at += beat) if (at >= 2 && at < 3 - 2 * HOP_SECONDS) beats.push(at - 2);
    t.equal(found.length, beats.length, `from ${phase} s: one onset per hit (${found.map((v) => v.toFixed(2))} for ${beats.map((v) => v.toFixed(2))})`);
    t.ok(found.every((time, i) => Math.abs(time - beats[i]) <= 2 * HOP_SECONDS), `from ${phase} s: each within two hops of its hit`);
  }
});

t.test('steady tones, drones and noise beds have no onsets: slow and ambient', async (t) => {
  const graphs = [
    evalGraph(droneExpr(0.4), SECONDS), `sine=f=50:sample_rate=${SR}:d=${SECONDS}`, `sine=f=440:sample_rate=${SR}:d=${SECONDS}`,
    ...['white', 'pink', 'brown', 'blue', 'violet', 'velvet'].flatMap((color) => [noiseGraph(color, 0.3, 7, SECONDS), noiseGraph(color, 0.8, 8, SECONDS)]),
    mixGraphs(noiseGraph('pink', 0.2, 9, SECONDS), evalGraph(droneExpr(0.3), SECONDS)),
    // Partials whose difference (93.5 Hz) sits near the 100 Hz hop rate: summed per hop it aliases into a 6.5 Hz swell.
    evalGraph('0.4*(sin(2*PI*110.5*t)+sin(2*PI*163.5*t)+sin(2*PI*204*t))/3', SECONDS),
    // Two partials 8.5 Hz apart: the level flutters faster than any beat (its second period would read as fast).
    evalGraph('0.4*(sin(2*PI*189*t)+sin(2*PI*246.5*t)+sin(2*PI*255*t)+sin(2*PI*310.5*t))/4', SECONDS),
  ];
  for (const graph of graphs) {
    const x = await lavfiSamples(graph);
    const onsets = windowsOf(x).flatMap((w) => detectOnsets(w.previous, w.samples, SR).times.filter((time) => time >= 0));
    t.same(onsets, [], `${graph}: no onset`);
    t.same([...new Set(read(x).map((v) => v.join('/')))], ['slow/ambient'], `${graph}: slow and ambient`);
  }
});

t.test('a bed that swells at a steady rate takes its tempo from the swell', async (t) => {
  for (const [hz, tempo] of [[1, 'slow'], [2, 'medium'], [4, 'fast']] as const) {
    for (const bed of [evalGraph(droneExpr(0.3), SECONDS), noiseGraph('white', 0.2, 5, SECONDS)]) {
      const values = withContext(read(await lavfiSamples(`${bed},tremolo=f=${hz}:d=0.35`)));
      t.same([...new Set(values.map((v) => v.join('/')))], [`${tempo}/ambient`], `${bed} swelling ${hz}× a second`);
    }
  }
});

t.test('sparse bursts over silence are sfx', async (t) => {
  for (const timbre of ['snare', 'blip', 'hat'] as const) {
    const values = read(await lavfiSamples(evalGraph(burstsExpr([0.3, 1.55, 2.9, 3.6], 0.5, timbre), SECONDS)));
    t.same([...new Set(values.map((v) => v.join('/')))], ['slow/sfx'], `${timbre} bursts at least 0.7 s apart`);
  }
});

t.test('through lossy codecs the edge beats still count', async (t) => {
  const dir = t.testdir();
  const graph = evalGraph(pulseExpr(120, 0, PATTERNS['kick, quieter snare, hats']), SECONDS);
  for (const [name, codec] of [['aac.m4a', 'aac'], ['opus.ogg', 'libopus'], ['mp3.mp3', 'libmp3lame']]) {
    const x = await decoded(await makeClip(dir, name, [graph], ['-c:a', codec, '-b:a', '96k']));
    const tempi = withContext(read(x)).filter((_, i) => (i + 2) * SR <= x.length).map(([tempo]) => tempo);
    t.same([...new Set(tempi)], ['medium'], `${codec}: ${tempi.join(' ')}`);
  }
});

t.test('a window without the audio before it misses a beat on its first hops', async (t) => {
  const x = await lavfiSamples(evalGraph(pulseExpr(120, 0, PATTERNS.clicks), 3));
  const window = { index: 1, start: 1, sampleRate: SR, samples: x.subarray(SR, 2 * SR) };
  t.equal(analyzeSoundWindow({ ...window, previous: null })[0].value, 'slow', 'alone: the beat at 0 s is not seen, one beat is left');
  t.equal(analyzeSoundWindow({ ...window, previous: x.subarray(0, SR) })[0].value, 'medium', 'with the second before it: two beats 0.5 s apart');
});

t.test('nextSoundContext keeps the last second, across short windows too', async (t) => {
  const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);
  const context = SOUND_CONTEXT_SECONDS * SR;
  const long = nextSoundContext(null, ramp(0, context + 10), SR);
  t.equal(long.length, context);
  t.equal(long[0], 10, 'the last second of a long window');
  const first = nextSoundContext(null, ramp(0, context / 2), SR);
  t.equal(first.length, context / 2, 'all of a short first window');
  const joined = nextSoundContext(first, ramp(context / 2, (3 * context) / 4), SR);
  t.equal(joined.length, context);
  t.same([joined[0], joined[context - 1]], [context / 4, (5 * context) / 4 - 1], 'the end of the previous context, then the window');
  const window = ramp(0, 4);
  t.not(nextSoundContext(null, window, SR).buffer, window.buffer, 'a copy, not a view of the window');
});
