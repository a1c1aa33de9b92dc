import t from 'tap';
import { DiscoveryHistory } from '../../src/api/history.js';
import { narrativeValues, VALUES } from '../../src/base/values.js';
import { declaredName } from '../../src/model/names.js';
import { CompletionTargets } from '../../src/model/targets.js';
import { REGISTRIES } from '../../src/model/registries.js';
import { storeApi } from '../helpers/api.js';

const { config, actor, app } = await storeApi(t);

const json = (res: { body: string }) => JSON.parse(res.body);
const get = async (url: string) => json(await app.inject(url));
const ingest = async (batch: object): Promise<number> => {
  const res = await app.inject({ method: 'POST', url: '/api/knowledge/discoveries', payload: batch });
  if (res.statusCode !== 201) throw new Error(`ingest answered ${res.statusCode}: ${res.body}`);
  return json(res).batch;
};
const last = (xs: number[]) => xs[xs.length - 1];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Every registry's last coverage point against the coverage the store reports. */
async function coverageAgrees(test: Pick<typeof t, 'equal'>, history: { registries: Record<string, { coverage: number[]; count: number }> }) {
  const { registries } = await actor.coverage();
  for (const r of REGISTRIES) {
    test.equal(last(history.registries[r].coverage), registries[r].count, `${r}: the last point is the store's coverage`);
    test.equal(history.registries[r].count, registries[r].count, `${r}: count`);
  }
}

const levels = VALUES.static_color.channel_levels;
const [genre] = narrativeValues('genre');

t.test('an empty store: a window of zeros, and every registry says why it is not moving', async (t) => {
  const asked = Date.now();
  const h = await get('/api/history');
  const answered = Date.now();
  t.equal(h.minutes, 60);
  t.equal(Date.parse(h.to) - Date.parse(h.from), 60 * 60_000);
  const lastMinute = Date.parse(h.to) / 60_000 - 1;
  t.ok(lastMinute >= Math.floor(asked / 60_000) && lastMinute <= Math.floor(answered / 60_000), 'the window ends with this minute');
  t.equal(h.seq, 0);
  t.equal(h.quiet_minutes, 10);
  t.same(h.recent, []);
  for (const r of REGISTRIES) {
    t.same(h.registries[r].discoveries, Array(60).fill(0), r);
    t.same(h.registries[r].coverage, Array(60).fill(0), r);
    t.match(h.registries[r].why, /^not moving: this service runs no loop/, r);
  }
  t.equal(h.registries.static_color.cells, 27951);
});

t.test('discoveries per minute and coverage replayed from the log, as the store counts it', async (t) => {
  await ingest({
    static_colors: [{ key: '100,100,150_1.0', r: 124, g: 124, b: 160 }, { key: '0,0,25_0.55', r: 10, g: 20, b: 30, opacity: 0.53 }],
    static_sound: [{ key: '0.3_mid_tone', amplitude: 0.3, tone: 'mid', timbre: 'tone', peak_hz: 330 }],
    narrative: { genre: [{ key: genre }] },
    camera: [{ key: 'pan_medium_stable', value: 'pan', speed: 'medium', steadiness: 'stable' }],
  });
  // A second key of the same camera value: a discovery, and no more coverage.
  await ingest({ camera: [{ key: 'pan_fast_stable', value: 'pan', speed: 'fast', steadiness: 'stable' }] });
  const h = await get('/api/history?minutes=5&recent=3');
  t.equal(h.registries.static_color.discoveries.length, 5);
  t.same(Object.fromEntries(REGISTRIES.map((r) => [r, sum(h.registries[r].discoveries)])), { static_color: 2, static_sound: 1, dynamic: 2, narrative: 1 });
  t.equal(last(h.registries.dynamic.coverage), 1, 'two keys of one value cover one unit');
  t.equal(last(h.registries.narrative.coverage), 0, 'ingested narrative is observed evidence, and narrative counts intended');
  await coverageAgrees(t, h);
  t.equal(h.registries.static_color.why, null, 'a registry that gained coverage has no reason');
  t.equal(h.registries.dynamic.why, null);
  t.match(h.registries.narrative.why, /runs no loop/, 'a discovery that covers nothing is no progress');
  const tail = (await actor.records(0, 100)).slice(-3).reverse();
  t.same(h.recent.map((d: { seq: number; key: string }) => [d.seq, d.key]), tail.map((d) => [d.seq, d.key]), 'the last discoveries, newest first');
  t.equal(h.seq, (await actor.records(0, 100)).length);
});

t.test('a revoked batch takes its coverage back out; the log is read past one page', async (t) => {
  const many = [];
  for (const r of levels) for (const g of levels) for (const b of levels) many.push({ key: `${r},${g},${b}_0.5`, r, g, b, opacity: 0.5 });
  const batch = await ingest({ static_colors: many });
  let h = await get('/api/history?minutes=2');
  t.equal(last(h.registries.static_color.coverage), 1333);
  await coverageAgrees(t, h);
  t.equal((await app.inject({ method: 'DELETE', url: `/api/knowledge/batches/${batch}` })).statusCode, 200);
  h = await get('/api/history?minutes=2');
  t.equal(last(h.registries.static_color.coverage), 2);
  t.equal(sum(h.registries.static_color.discoveries), 1333, 'retractions are not discoveries');
  await coverageAgrees(t, h);
});

t.test('past minutes: the window is placed by each record\'s time', async (t) => {
  const records = await actor.records(0, 10_000);
  const at = Date.parse(records[records.length - 1].at);
  const history = new DiscoveryHistory(actor, new CompletionTargets(config));
  const w = await history.window(10, at + 5 * 60_000);
  const { discoveries, coverage } = w.registries.static_color;
  t.ok(discoveries[4] >= 1331, 'the big batch five minutes back');
  t.same(discoveries.slice(5), [0, 0, 0, 0, 0], 'nothing after it');
  t.equal(sum(discoveries), 1333);
  t.same(coverage.slice(4), [2, 2, 2, 2, 2, 2], 'coverage holds after its minute');
  const before = await history.window(3, Date.parse(records[0].at) - 60_000);
  t.same(before.registries.static_color.coverage, [0, 0, 0], 'nothing before the first record');
  t.same(before.registries.static_color.discoveries, [0, 0, 0]);
});

t.test('bounds of the history query', async (t) => {
  for (const query of ['minutes=0', 'minutes=1441', 'recent=101', 'minutes=abc', 'other=1']) {
    const res = await app.inject(`/api/history?${query}`);
    t.equal(res.statusCode, 400, query);
    t.equal(json(res).error.code, 'INPUT_INVALID', query);
  }
  t.equal((await get('/api/history?minutes=1440')).registries.static_sound.coverage.length, 1440);
  const one = await get('/api/history?minutes=1');
  t.equal(Date.parse(one.to) - Date.parse(one.from), 60_000);
  t.same(one.registries.static_color.coverage, [2], 'a window shorter than the quiet one');
  t.equal(one.registries.static_sound.why, null, 'sound gained within the quiet window');
  t.match(one.registries.narrative.why, /runs no loop/, 'still judged over the quiet window');
});

t.test('the names of an opacity plane, covered or not', async (t) => {
  const { registry, opacity, names } = await get('/api/registries/static_color/names?opacity=1.0');
  t.equal(registry, 'static_color');
  t.equal(opacity, '1.0');
  t.equal(Object.keys(names).length, 1331);
  t.equal(names['100,100,150_1.0'], 'Faded Marine');
  t.equal(names['250,0,0_1.0'], declaredName('static_color', 'color', '250,0,0_1.0'));
  t.equal(new Set(Object.values(names)).size, 1331, 'one name per key');
  t.equal(Object.keys((await get('/api/registries/static_color/names?opacity=0.05')).names)[0], '0,0,0_0.05');
  for (const query of ['opacity=0.33', 'opacity=1', '']) t.equal((await app.inject(`/api/registries/static_color/names?${query}`)).statusCode, 400, query);
});
