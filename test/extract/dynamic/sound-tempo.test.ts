import t from 'tap';
import { lavfiSamples } from '../../helpers/media.js';
import { droneExpr, evalGraph, pulseExpr } from '../../helpers/sound-clips.js';
import { HITS_PER_BEAT, PATTERNS, PHASES, read, tempoOf, withContext } from '../../helpers/sound-windows.js';

/** Two windows with context each: the phase sweep renders 150 clips. */
const SWEEP_SECONDS = 3;

t.test('tempo follows the beat and does not depend on where beats fall against the window edges', async (t) => {
  const misses: string[] = [];
  let windows = 0;
  for (const bpm of [60, 90, 120, 150, 200, 240]) {
    // One tempo's clips are rendered together: most of a render is ffmpeg starting up.
    const clips = PHASES.flatMap((phase): Array<[string, string, number]> => [
      ...Object.entries(PATTERNS).map(([name, voices]): [string, string, number] => [`${name} ${bpm} bpm from ${phase} s`, pulseExpr(bpm, phase, voices), HITS_PER_BEAT[name]]),
      [`kick and snare over a drone ${bpm} bpm from ${phase} s`, `${pulseExpr(bpm, phase, PATTERNS['kick, snare at −20 dB'])}+${droneExpr(0.4)}`, 2],
    ]);
    const rendered = await Promise.all(clips.map(([, expr]) => lavfiSamples(evalGraph(expr, SWEEP_SECONDS))));
    rendered.forEach((x, i) => {
      const [name, , hitsPerBeat] = clips[i];
      const tempi = withContext(read(x)).map(([tempo]) => tempo);
      windows += tempi.length;
      if (tempi.some((tempo) => tempo !== tempoOf(bpm / 60 / hitsPerBeat))) misses.push(`${name}: ${tempi.join(' ')}`);
    });
  }
  t.same(misses, [], `every one of ${windows} windows reads its band`);
});
