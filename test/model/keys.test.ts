import t from 'tap';
import { cellId, cellOfPair, cellPair, joinId, pairId, parsePair, SEP } from '../../src/model/keys.js';

t.test('ids join their parts with the unit separator', async (t) => {
  t.equal(SEP, '\u001f');
  t.equal(joinId('static_color', 'color'), 'static_color\u001fcolor');
  t.equal(joinId('one'), 'one');
  t.equal(joinId(), '');
  t.equal(cellId('static_color', 'color', '0,25,250_1.0'), 'static_color\u001fcolor\u001f0,25,250_1.0');
  t.equal(cellId('a', 'b', 'c'), joinId('a', 'b', 'c'), 'a cell id is its three parts joined');
  t.equal(cellPair('static_sound\u001fsound\u001f0.3_mid_tone', 'intended'), 'static_sound\u001fsound\u001f0.3_mid_tone\u001fintended');
});

t.test('a pair id names its cell and evidence, and parses back', async (t) => {
  const parts = { registry: 'dynamic', domain: 'camera_motion', key: 'pan_slow_locked', evidence: 'intended' } as const;
  const pair = pairId(parts);
  t.equal(pair, 'dynamic\u001fcamera_motion\u001fpan_slow_locked\u001fintended');
  t.equal(cellOfPair(pair), cellId('dynamic', 'camera_motion', 'pan_slow_locked'));
  t.same(parsePair(pair), parts);
  t.same(parsePair(pairId({ registry: 'static_color', domain: 'color', key: '0,0,0_0.55', evidence: 'observed' })),
    { registry: 'static_color', domain: 'color', key: '0,0,0_0.55', evidence: 'observed' });
});

t.test('the key is whatever lies between domain and evidence', async (t) => {
  const pair = cellPair(cellId('narrative', 'genre_mood_themes', 'a\u001fb'), 'observed');
  t.same(parsePair(pair), { registry: 'narrative', domain: 'genre_mood_themes', key: 'a\u001fb', evidence: 'observed' });
  t.equal(cellOfPair(pair), 'narrative\u001fgenre_mood_themes\u001fa\u001fb');
  t.same(parsePair(cellPair(cellId('dynamic', 'shape_overlay', ''), 'intended')),
    { registry: 'dynamic', domain: 'shape_overlay', key: '', evidence: 'intended' }, 'an empty key survives');
});
