import t from 'tap';
import { loadConfig } from '../../src/base/config.js';
import { mulberry32 } from '../../src/base/random.js';
import { CompletionTargets } from '../../src/model/targets.js';
import type { RegistryName } from '../../src/model/registries.js';
import { missingSoundKeysOf, pickGap, readGaps, type DomainGaps, type Gaps } from '../../src/loop/gaps.js';
import type { RegistryActor } from '../../src/registry/actor.js';
import type { CoverageReport } from '../../src/registry/coverage.js';

/** A generator that returns the given values in turn. */
const fixed = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

t.test('pickGap: a missing value when there is one, uniformly', async (t) => {
  const gaps: DomainGaps = { units: ['a', 'b', 'c', 'd'], missing: ['b', 'd'], counts: { a: 5, c: 1 } };
  t.equal(pickGap(fixed(0), gaps), 'b');
  t.equal(pickGap(fixed(0.49), gaps), 'b');
  t.equal(pickGap(fixed(0.5), gaps), 'd');
  t.equal(pickGap(fixed(0.999), gaps), 'd');
  t.equal(pickGap(fixed(0.9), gaps, ['a', 'b', 'c']), 'b', 'only missing values that are allowed');
  // Nothing allowed is missing: by weight, 1/5 for a and 1 for c.
  t.equal(pickGap(fixed(0.1), gaps, ['a', 'c']), 'a');
  t.equal(pickGap(fixed(0.2), gaps, ['a', 'c']), 'c');
});

t.test('pickGap: otherwise weighted inverse to the count', async (t) => {
  // Weights 1, 1/3 and 1 (a unit never recorded weighs as one recorded once): 7/3 in all.
  const gaps: DomainGaps = { units: ['a', 'b', 'c'], missing: [], counts: { a: 1, b: 3 } };
  const total = 7 / 3;
  t.equal(pickGap(fixed(0), gaps), 'a');
  t.equal(pickGap(fixed(0.99 / total), gaps), 'a');
  t.equal(pickGap(fixed(1.1 / total), gaps), 'b');
  t.equal(pickGap(fixed(1.5 / total), gaps), 'c');
  t.equal(pickGap(fixed(0.999999), gaps), 'c');
  t.equal(pickGap(fixed(1), gaps), 'c', 'the last unit takes rounding at the top');
  t.equal(pickGap(fixed(0.3), gaps, ['b']), 'b');

  const rng = mulberry32(7);
  const tally: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 7000; i++) tally[pickGap(rng, gaps)]++;
  t.ok(tally.a > 2700 && tally.a < 3300 && tally.b > 700 && tally.b < 1300 && tally.c > 2700 && tally.c < 3300, `3:1:3, got ${JSON.stringify(tally)}`);
});

t.test('missingSoundKeysOf: the missing keys of one timbre', async (t) => {
  const gaps = { sound: { units: [], counts: {}, primitivesMissing: [], missing: ['0.0_silent_silence', '0.1_low_rumble', '0.3_mid_tone', '1.0_high_tone', 'junk'] } } as unknown as Gaps;
  t.same(missingSoundKeysOf(gaps, 'tone'), ['0.3_mid_tone', '1.0_high_tone']);
  t.same(missingSoundKeysOf(gaps, 'rumble'), ['0.1_low_rumble']);
  t.same(missingSoundKeysOf(gaps, 'silence'), ['0.0_silent_silence']);
  t.same(missingSoundKeysOf(gaps, 'hiss'), []);
});

t.test('readGaps: missing from the report where it has them, from counts elsewhere', async (t) => {
  const targets = new CompletionTargets(loadConfig({ env: {} }));
  const declared = targets.registries;
  const colorUnits = declared.static_color.domains[0].units;
  const counts: Record<string, Record<string, number>> = {
    'static_color/color/observed': Object.fromEntries(colorUnits.slice(1).map((u) => [u, 2])),
    'narrative/genre_mood_themes/intended': { 'thriller+dark+general': 4 },
    'dynamic/motion_speed/observed': { fast: 9 },
  };
  const asked: string[] = [];
  const actor = {
    unitCounts: async (registry: RegistryName, domain: string, evidence: string) => {
      asked.push(`${registry}/${domain}/${evidence}`);
      return counts[`${registry}/${domain}/${evidence}`] ?? {};
    },
    coverage: async () => ({
      registries: {
        static_sound: { missing_keys: ['0.2_mid_hiss'], primitives_missing: ['hiss'] },
        dynamic: {
          domains: Object.fromEntries(declared.dynamic.domains.filter((d) => d.headline).map((d) => [d.domain, { missing: [`m-${d.domain}`] }])),
          combinations: { gradient_camera: { missing: ['radial+pan'] }, sound_tempo_mood_presence: { missing: [] } },
        },
        narrative: { aspects: Object.fromEntries(declared.narrative.domains.filter((d) => d.headline).map((d) => [d.domain, { missing: [`m-${d.domain}`] }])) },
      },
    }) as unknown as CoverageReport,
  } as unknown as RegistryActor;

  const gaps = await readGaps(actor, targets);
  t.same(gaps.color.missing, [colorUnits[0]], 'color: the unit without counts');
  t.equal(gaps.color.units, colorUnits);
  t.same(gaps.sound.missing, ['0.2_mid_hiss']);
  t.same(gaps.sound.primitivesMissing, ['hiss']);
  t.same(gaps.dynamic.motion_speed, { units: ['static', 'slow', 'medium', 'fast'], missing: ['m-motion_speed'], counts: { fast: 9 } });
  t.same(gaps.dynamic.gradient_camera.missing, ['radial+pan']);
  t.same(gaps.dynamic.sound_tempo_mood_presence.missing, []);
  t.same(Object.keys(gaps.dynamic).length, 18);
  t.same(gaps.narrative.mood.missing, ['m-mood']);
  const triples = gaps.narrative.genre_mood_themes;
  t.equal(triples.missing.length, 8160 - 1, 'combination: every triple without counts');
  t.notOk(triples.missing.includes('thriller+dark+general'));
  t.ok(asked.includes('dynamic/sound_mood/intended'), 'counts of the evidence the domain takes');
  t.ok(asked.includes('narrative/genre/intended'));
  t.ok(asked.includes('static_sound/sound/observed'));
});
