import t from 'tap';
import { lavfiSamples } from '../../helpers/media.js';
import { droneExpr, evalGraph, melodyExpr, pulseExpr, type Voice } from '../../helpers/sound-clips.js';
import { PHASES, read, tempoOf, withContext } from '../../helpers/sound-windows.js';

const SECONDS = 4;

t.test('melodies read as music at their note rate, notes on the window edges or not', async (t) => {
  const misses: string[] = [];
  for (const perSecond of [1, 2, 3, 4]) {
    const clips = PHASES.flatMap((phase) => [0.15, 0.4].map((sustain) => ({ phase, sustain })));
    const rendered = await Promise.all(clips.map(({ phase, sustain }) => lavfiSamples(evalGraph(melodyExpr(perSecond, phase, 0.4, sustain), SECONDS))));
    const want = `${tempoOf(perSecond)}/music`;
    rendered.forEach((x, i) => {
      const values = withContext(read(x));
      if (values.some((v) => v.join('/') !== want)) misses.push(`${perSecond}/s from ${clips[i].phase} s, sustain ${clips[i].sustain}: ${values.map((v) => v.join('/')).join(' ')}`);
    });
  }
  t.same(misses, []);
});

t.test('a melody over a drone, drums and noise is full; alone it is music', async (t) => {
  const drums: Voice[] = [{ timbre: 'kick', level: 0.5, every: 2 }, { timbre: 'snare', level: 0.05, every: 2, offset: 1 }];
  const clips = [0, 0.13, 0.25].flatMap((phase) => [2, 3].flatMap((perSecond) => {
    const melody = melodyExpr(perSecond, phase + 0.05, 0.4, 0.3);
    return [
      { name: `${perSecond} notes/s from ${phase} s in the mix`, want: 'full', expr: `${pulseExpr(240, phase, drums)}+${melody}+${droneExpr(0.2)}+0.04*(2*random(1)-1)` },
      { name: `${perSecond} notes/s from ${phase} s alone`, want: 'music', expr: melody },
    ];
  }));
  const rendered = await Promise.all(clips.map(({ expr }) => lavfiSamples(evalGraph(expr, SECONDS))));
  rendered.forEach((x, i) => t.same([...new Set(read(x).map(([, presence]) => presence))], [clips[i].want], clips[i].name));
});
