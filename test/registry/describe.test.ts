import t from 'tap';
import { entryFacts } from '../../src/registry/describe.js';
import type { NormalizedObservation } from '../../src/registry/observation.js';

const facts = (o: Pick<NormalizedObservation, 'registry' | 'domain' | 'key' | 'fields'>) =>
  entryFacts({ evidence: 'observed', origin: 'observed', source: {}, prompt: undefined, count: 1, ...o });

t.test('colors: depth from the measured fields, family and shade from the cell', async (t) => {
  t.same(facts({ registry: 'static_color', domain: 'color', key: '100,100,150_1.0', fields: { r: 124, g: 124, b: 160 } }),
    { depth_breakdown: { gray: 80, purple: 20, opacity: 100 }, family: 'blue', shade: 'muted' });
  t.same(facts({ registry: 'static_color', domain: 'color', key: '100,100,150_0.5', fields: { r: 124, g: 124, b: 160, opacity: 0.3 } }),
    { depth_breakdown: { gray: 80, purple: 20, opacity: 30 }, family: 'blue', shade: 'muted' }, 'the measured opacity wins');
  t.same(facts({ registry: 'static_color', domain: 'color', key: '100,100,150_0.5', fields: {} }),
    { depth_breakdown: { gray: 74, purple: 26, opacity: 50 }, family: 'blue', shade: 'muted' }, 'no fields (an ingested key): the bin centre and the step');
  t.same(facts({ registry: 'static_color', domain: 'color', key: '250,0,0_1.0', fields: { r: 5, g: 5, b: 5 } }),
    { depth_breakdown: { black: 93, navy: 7, opacity: 100 }, family: 'red', shade: 'mid' }, 'the family is the cell\'s, whatever was measured');
  t.same(facts({ registry: 'static_color', domain: 'color', key: 'off-grid', fields: { r: 255, g: 0, b: 0 } }),
    { depth_breakdown: { red: 100, brown: 0, opacity: 100 }, family: 'red', shade: 'mid' }, 'off the grid: judged by the fields');
  t.same(facts({ registry: 'static_color', domain: 'color', key: 'off-grid', fields: {} }), {}, 'nothing to judge by');
  t.same(facts({ registry: 'static_color', domain: 'color', key: 'off-grid', fields: { r: 1, g: 2 } }), {});
});

t.test('sounds: depth from the fields, else from the key', async (t) => {
  t.same(facts({ registry: 'static_sound', domain: 'sound', key: '0.3_mid_tone', fields: { amplitude: 0.314, timbre: 'tone' } }),
    { depth_breakdown: { origin_noises: { silence: 0.69, tone: 0.31 }, amplitude: 0.31, strength_pct: 0.31 } });
  t.same(facts({ registry: 'static_sound', domain: 'sound', key: '0.3_mid_tone', fields: {} }),
    { depth_breakdown: { origin_noises: { silence: 0.7, tone: 0.3 }, amplitude: 0.3, strength_pct: 0.3 } });
  t.same(facts({ registry: 'static_sound', domain: 'sound', key: 'odd', fields: { amplitude: 0.5 } }), {}, 'no timbre');
  t.same(facts({ registry: 'static_sound', domain: 'sound', key: 'odd', fields: {} }), {});
});

t.test('dynamic values weigh their strength; narrative aspects name their value', async (t) => {
  t.same(facts({ registry: 'dynamic', domain: 'gradient_type', key: 'radial_0.63', fields: { value: 'radial', strength: 0.634 } }), { depth_breakdown: { radial: 0.634 } });
  t.same(facts({ registry: 'dynamic', domain: 'camera_motion', key: 'pan_slow_locked', fields: { value: 'pan' } }), { depth_breakdown: { pan: 1 } });
  t.same(facts({ registry: 'dynamic', domain: 'gradient_camera', key: 'radial+pan', fields: {} }), { depth_breakdown: { 'radial+pan': 1 } });
  t.same(facts({ registry: 'narrative', domain: 'genre', key: 'noir', fields: { value: 'noir' } }), { depth_breakdown: { genre: 'noir' } });
});
