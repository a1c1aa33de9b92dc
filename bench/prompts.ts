// Prompts as the `render` command takes them: each prompt is interpreted, rendered, encoded and
// extracted as `motion-registry render "<prompt>" --extract` does it, over seeds of its own, and
// every value the prompt named in an observed dynamic domain is checked against what extraction
// saw (the value most windows showed; a transition counts when any window saw it). Values the
// prompt names but cannot show beside another named value (the render's conflicts) are counted apart.
// Usage: node dist/bench/prompts.js [--seeds N] [--seed-base B] [--only SUBSTRING]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/base/config.js';
import { VALUES } from '../src/base/values.js';
import { analyze } from '../src/create/interpreter/analyze.js';
import { interpretPrompt } from '../src/create/interpreter/interpret.js';
import { DOMAIN_FIELDS, type SpecDomain } from '../src/model/scene.js';
import { shownValues, type ShownValue } from '../src/create/shown.js';
import { synthesizeAudio } from '../src/create/audio.js';
import { encodeClip } from '../src/create/encode.js';
import { resolveFfmpeg } from '../src/media/ffmpeg.js';
import { extractFile } from '../src/extract/extract.js';
import { ExtractionPool } from '../src/extract/pool.js';

export const PROMPTS: readonly string[] = [
  // camera
  'a whip pan across the city at night',
  'the camera rolling slowly',
  'a slow dolly in on a forest',
  'crane up over the mountains at golden hour',
  'handheld camera through a busy market',
  'a fast pan across the desert',
  'tilt up the side of a tower',
  'zoom in on the ocean',
  'pull back from the beach',
  'trucking left past neon lights',
  'pedestal down in a studio',
  'orbiting a statue in a dreamy haze',
  'a tracking shot of a runner',
  'aerial drone shot over the sea',
  'the camera spinning fast',
  'a locked off shot of an empty room',
  'a dutch roll over a rainy street',
  // gradients
  'a radial gradient in warm tones',
  'horizontal gradient, cool light',
  'a vertical gradient at sunset',
  'an angled gradient at 40 degrees, neon',
  // lighting
  'chiaroscuro lighting, film noir',
  'flat washed out lighting in a hospital',
  'high contrast city streets',
  'golden light on a field',
  'cold bluish light underwater',
  // composition
  'a composition weighted left',
  'heavy on the right, a lone tree',
  'a perfectly symmetrical corridor',
  'a top heavy composition',
  'slightly symmetrical facade',
  // subject motion
  'a ball moving fast from left to right',
  'a circle bouncing up and down slowly',
  'a square drifting diagonally, easing out',
  'a pulsing orb',
  'a figure moving in waves',
  'an arrow moving jerkily',
  'a ball accelerating across the frame',
  'an expanding circle, radial motion',
  'a box moving randomly',
  'a disc gliding smoothly left to right',
  // sound
  'fast tempo electronic music',
  'slow ambient soundscape at night',
  'a silent film',
  '120 bpm with sound effects',
  'full mix at a medium tempo',
  // transitions
  'two shots with a crossfade',
  'fade to black between shots',
  'a wipe between two scenes',
  'a hard cut between two shots',
  // mixtures
  'a slow pan over a radial gradient with warm light and a fast tempo',
  'a ball moving left to right over a horizontal gradient, no sound',
  'tilt down, cool light, slow tempo music',
  'a zoom out on a left heavy composition in soft light',
  'handheld camera at night with chiaroscuro lighting',
  'a silent clip with a fast tempo',
];

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '2' },
    'seed-base': { type: 'string', default: '5000' },
    only: { type: 'string', default: '' },
  },
});
const seeds = Number(args.seeds);
const seedBase = Number(args['seed-base']);
const prompts = PROMPTS.filter((p) => p.includes(args.only));

const config = loadConfig({ env: {} });
const sampleRate = config.pipeline.audio_sample_rate;
const observedDomains = (Object.keys(DOMAIN_FIELDS) as SpecDomain[]).filter((d) => VALUES.dynamic_domains[d] === 'observed');

type Check = ShownValue & { prompt: string; seed: number };

const ffmpeg = await resolveFfmpeg();
const pool = new ExtractionPool(config.pipeline.workers);
const dir = mkdtempSync(join(tmpdir(), 'prompts-'));
const checks: Check[] = [];
let conflictsReported = 0;
const started = performance.now();
try {
  for (const [i, prompt] of prompts.entries()) {
    const named = analyze(prompt).named;
    for (let s = 0; s < seeds; s++) {
      const seed = seedBase + s;
      const { spec, conflicts } = interpretPrompt(prompt, { seed });
      conflictsReported += conflicts.length;
      const clip = await encodeClip(spec, join(dir, `p${i}-${seed}.${spec.alpha ? 'mov' : 'mp4'}`), { ffmpeg, audio: synthesizeAudio(spec, sampleRate), sampleRate });
      const x = await extractFile(clip.file, { config, pool, ffmpeg }, { prompt, mood: spec.audio.mood });
      const line: string[] = [];
      for (const shown of shownValues(spec, named, conflicts, x)) {
        checks.push({ ...shown, prompt, seed });
        line.push(`${shown.domain}=${shown.value} ${shown.observed ? 'observed' : `MISSED (${shown.votes})`}${shown.conflicted ? ' [conflict]' : ''}`);
      }
      const notes = conflicts.map((c) => `conflict ${c.fields[0]} ${c.named[0]} vs ${c.fields[1]} ${c.named[1]}${c.rendered[1] === c.named[1] ? '' : ` → ${c.rendered[1]}`}`);
      console.log(`${JSON.stringify(prompt)} seed ${seed}: ${[...line, ...notes].join('; ') || 'no observed domain named'}`);
    }
  }
} finally {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
}

const scored = checks.filter((c) => !c.conflicted);
const share = (list: Check[]) => (list.length === 0 ? 0 : Number((list.filter((c) => c.observed).length / list.length).toFixed(3)));
const byDomain = Object.fromEntries(observedDomains.flatMap((d) => {
  const list = scored.filter((c) => c.domain === d);
  return list.length === 0 ? [] : [[d, { named: list.length, share: share(list) }]];
}));
const misses = scored.filter((c) => !c.observed).map((c) => `${c.domain}=${c.value} in ${JSON.stringify(c.prompt)} seed ${c.seed} (${c.votes})`);
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${prompts.length} prompts × ${seeds} seeds from ${seedBase}; ${((performance.now() - started) / 1000).toFixed(0)} s`);
for (const [d, r] of Object.entries(byDomain)) console.log(`${d}: ${r.share} of ${r.named}`);
console.log(`missed: ${misses.length ? `\n  ${misses.join('\n  ')}` : 'none'}`);
console.log(`named values observed: ${share(scored)} of ${scored.length} (goal 0.95); in conflict: ${share(checks.filter((c) => c.conflicted))} of ${checks.length - scored.length}; conflicts reported ${conflictsReported}`);
console.log(JSON.stringify({
  bench: 'prompts', prompts: prompts.length, seeds, seed_base: seedBase,
  named: scored.length, observed: share(scored), by_domain: byDomain,
  conflicted: checks.length - scored.length, conflicted_observed: share(checks.filter((c) => c.conflicted)),
  misses,
}));
