import t from 'tap';
import { buildApi } from '../../src/api/server.js';
import { SUBJECTS } from '../../src/events/subjects.js';
import type { BusMessage } from '../../src/events/bus.js';
import type { CoverageDelta, Retraction } from '../../src/model/records.js';
import { testRuntime } from '../helpers/loop.js';

const TOKENS = { lab: 'lab-token-0123456789', studio: 'studio-token-0123456789' };
const json = (res: { body: string }) => JSON.parse(res.body);
const as = (client: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[client]}` });

async function api(t: Parameters<typeof testRuntime>[0]) {
  const rt = await testRuntime(t, { api: { tokens: TOKENS } });
  const app = buildApi({ config: rt.config, actor: rt.actor, bus: rt.bus, runtime: rt, log: rt.log });
  t.teardown(() => app.close());
  const post = async (client: keyof typeof TOKENS, payload: object) => {
    const res = await app.inject({ method: 'POST', url: '/api/knowledge/discoveries', payload, headers: as(client) });
    if (res.statusCode !== 201) throw new Error(`ingest answered ${res.statusCode}: ${res.body}`);
    return json(res) as { batch: number };
  };
  const revoke = (id: number | string, headers: Record<string, string> = as('lab')) => app.inject({ method: 'DELETE', url: `/api/knowledge/batches/${id}`, headers });
  const get = async (url: string) => json(await app.inject({ method: 'GET', url }));
  const colors = async () => (await rt.actor.coverage()).registries.static_color.count;
  return { rt, app, post, revoke, get, colors };
}

const GREY = { key: '100,100,100_1.0', r: 100, g: 100, b: 100 };
const TEAL = { key: '0,150,150_1.0', r: 0, g: 150, b: 150 };
const ORANGE = { key: '250,150,0_1.0', r: 250, g: 150, b: 0 };

t.test('ingested batches are kept under the client that sent them, listed newest first and shown with their pairs', async (t) => {
  const { post, get } = await api(t);
  const first = await post('lab', { static_colors: [GREY, { ...GREY, count: 2 }, TEAL] });
  const second = await post('studio', { static_colors: [ORANGE], camera: [{ key: 'pan_slow_stable', value: 'pan', speed: 'slow', steadiness: 'stable' }] });
  t.same([first.batch, second.batch], [1, 2]);

  const all = await get('/api/knowledge/batches');
  t.equal(all.total, 2);
  t.same(all.batches.map((b: { id: number; client: string; observations: number; cells: number }) => [b.id, b.client, b.observations, b.cells]), [[2, 'studio', 2, 2], [1, 'lab', 4, 2]]);
  const lab = await get('/api/knowledge/batches?client=lab');
  t.same(lab.batches.map((b: { id: number }) => b.id), [1]);

  const shown = await get('/api/knowledge/batches/1');
  t.same(shown.pairs, [
    { registry: 'static_color', domain: 'color', key: GREY.key, evidence: 'observed', count: 3 },
    { registry: 'static_color', domain: 'color', key: TEAL.key, evidence: 'observed', count: 1 },
  ]);
  t.equal((await get('/api/knowledge/batches/9')).error.code, 'NOT_FOUND');
  t.equal((await get('/api/knowledge/batches/x')).error.code, 'INPUT_INVALID');
});

t.test('revoking a batch takes out the cells only it supported, keeps counts others gave, and says so on the bus', async (t) => {
  const { rt, post, revoke, colors } = await api(t);
  const events: BusMessage[] = [];
  rt.bus.subscribe(SUBJECTS.allRetractions, (m) => events.push(m));
  const coverage: CoverageDelta[] = [];
  rt.bus.subscribe(SUBJECTS.allCoverage, (m) => coverage.push(m.data as CoverageDelta));

  const lab = await post('lab', { static_colors: [GREY, TEAL, { ...TEAL, count: 2 }] });
  await post('studio', { static_colors: [{ ...TEAL, count: 5 }, ORANGE] });
  t.equal(await colors(), 3);
  const seqBefore = (await rt.actor.coverage()).seq;

  t.equal((await revoke(lab.batch, {})).statusCode, 401, 'revoking is a write: it needs a token');
  const res = await revoke(lab.batch, as('studio'));
  t.equal(res.statusCode, 200);
  const body = json(res);
  t.equal(body.status, 'revoked');
  t.same(body.retracted, [{ registry: 'static_color', domain: 'color', key: GREY.key, evidence: 'observed' }]);
  t.match(body.batch, { id: lab.batch, client: 'lab', revoked: { by: 'studio', retracted: 1, reduced: 1 } });

  t.equal(await colors(), 2);
  t.equal(await rt.actor.entry('static_color', 'color', GREY.key), null, 'the cell only the batch supported is gone');
  t.match(await rt.actor.entry('static_color', 'color', TEAL.key), { count: 5 }, 'the studio\'s records of a shared cell stay');
  t.equal(events.length, 1);
  const retraction = events[0].data as Retraction;
  t.equal(events[0].subject, 'registry.retracted.static_color.color');
  t.match(retraction, { seq: seqBefore + 1, key: GREY.key, origin: 'ingested', retracted: { batch: lab.batch, client: 'lab' } });
  t.match(coverage.at(-1), { registry: 'static_color', count: 2, delta: -1, seq: seqBefore + 1 });
  t.same((await rt.actor.records(seqBefore)).map((r) => r.seq), [seqBefore + 1], 'the retraction is in the log, after the discovery it undoes');
  const check = await rt.actor.check();
  t.ok(check.ok, check.problems.join('; '));

  const again = json(await revoke(lab.batch));
  t.equal(again.status, 'already revoked');
  t.equal((await rt.actor.coverage()).seq, seqBefore + 1, 'a second revocation changes nothing');
  t.equal((await revoke(99)).statusCode, 404);

  await post('studio', { static_colors: [GREY] });
  t.equal(await colors(), 3, 'a cell taken out can be discovered again');
  t.ok((await rt.actor.check()).ok);
});

t.test('a cell a job also observed stays when the batch is revoked, and its tally moves to observed', async (t) => {
  const { rt, post, revoke } = await api(t);
  const batch = await post('lab', { static_colors: [TEAL] });
  await rt.actor.record([{ registry: 'static_color', r: 0, g: 150, b: 150, source: { job_id: '7' } }]);
  t.equal(json(await revoke(batch.batch)).retracted.length, 0);
  const entry = await rt.actor.entry('static_color', 'color', TEAL.key);
  t.match(entry, { count: 1, first_seen: { observed: { origin: 'observed' } } });
  const report = await rt.actor.coverage();
  t.equal(report.registries.static_color.count, 1);
  t.ok((await rt.actor.check()).ok);
});

t.test('a completion that a revoked batch made is withdrawn', async (t) => {
  const { rt, post, revoke } = await api(t);
  const space = 'dynamic.gradient_camera';
  const blends = rt.targets.domain('dynamic', 'gradient_camera')!.units.map((value) => ({ key: value, value }));
  const batch = await post('lab', { blends });
  t.match((await rt.actor.completed())[space], { cells: blends.length }, 'the batch completed a space');
  await revoke(batch.batch);
  t.equal((await rt.actor.completed())[space], undefined);
  t.match((await rt.actor.spaceCoverage()).find((s) => s.space === space), { count: 0 });
  t.ok((await rt.actor.check()).ok);
});
