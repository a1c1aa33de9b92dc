import t from 'tap';
import { SWELL_MIN_LAG_HOPS, swellPeriod } from '../../../src/extract/dynamic/sound-swell.js';
import { HOP_SECONDS } from '../../../src/extract/dynamic/sound-onsets.js';

const RATE = 8000;
const LONGEST = 1.2;
const clip = (seconds: number, f: (time: number) => number) => Float32Array.from({ length: Math.round(RATE * seconds) }, (_, i) => f(i / RATE));
const tone = (time: number) => 0.5 * Math.sin(2 * Math.PI * 220 * time);
/** The tone under a raised-cosine swell of `period` s, dipping by `depth` of its amplitude. */
const swelling = (period: number, depth = 0.5) => (time: number) => tone(time) * (1 - depth * (0.5 - 0.5 * Math.cos((2 * Math.PI * time) / period)));

t.test('the period of a swell, read at the hop rate', async (t) => {
  for (const hops of [25, 40, 50, 75, 100]) {
    t.equal(swellPeriod(clip(3, swelling(hops * HOP_SECONDS)), RATE, LONGEST), hops * HOP_SECONDS, `${hops} hops`);
  }
  const holed = clip(3, swelling(0.5));
  for (let i = 0; i < holed.length; i += 97) holed[i] = NaN;
  t.equal(swellPeriod(holed, RATE, LONGEST), 0.5, 'non-finite samples count as silence');
});

t.test('no swell: steady, too shallow, too fast, too slow for `longest`, or too short to tell', async (t) => {
  t.ok(Number.isNaN(swellPeriod(clip(3, tone), RATE, LONGEST)), 'a steady tone');
  t.ok(Number.isNaN(swellPeriod(new Float32Array(RATE * 3), RATE, LONGEST)), 'digital silence');
  t.ok(Number.isNaN(swellPeriod(clip(3, swelling(0.5, 0.05)), RATE, LONGEST)), 'a swell under the depth floor');
  t.equal(SWELL_MIN_LAG_HOPS, 20);
  t.ok(Number.isNaN(swellPeriod(clip(3, swelling(0.1)), RATE, LONGEST)), 'a 10 Hz flutter');
  t.ok(Number.isNaN(swellPeriod(clip(3, swelling(0.15)), RATE, LONGEST)), 'a flutter just under the shortest lag');
  t.ok(Number.isNaN(swellPeriod(clip(3, swelling(0.8)), RATE, 0.5)), 'a period longer than `longest`');
  t.ok(Number.isNaN(swellPeriod(clip(0.3, swelling(0.1)), RATE, LONGEST)), 'fewer hops than two shortest lags');
  t.ok(Number.isNaN(swellPeriod(new Float32Array(0), RATE, LONGEST)), 'no samples');
});
