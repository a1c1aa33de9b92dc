import t from 'tap';
import { buildApi } from '../../src/api/server.js';
import { testRuntime } from '../helpers/loop.js';

const TOKEN = 'lab-token-0123456789';
const json = (res: { body: string }) => JSON.parse(res.body);

async function api(t: Parameters<typeof testRuntime>[0], overrides: Record<string, unknown> = {}) {
  const rt = await testRuntime(t, overrides);
  const app = buildApi({ config: rt.config, actor: rt.actor, bus: rt.bus, runtime: rt, log: rt.log });
  t.teardown(() => app.close());
  const post = (payload: object, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/api/knowledge/discoveries', payload, headers });
  return { rt, post };
}

t.test('a key its measured fields do not make is refused, naming the item and the key they make; nothing is written', async (t) => {
  const { rt, post } = await api(t);
  const res = await post({
    static_colors: [{ key: '100,100,150_1.0', r: 124, g: 124, b: 160 }, { key: '250,0,250_0.05', r: 0, g: 0, b: 0, opacity: 1 }],
    static_sound: [{ key: '1.0_high_hiss', amplitude: 0.3, tone: 'mid', timbre: 'tone' }],
    camera: [{ key: 'pan_fast_shaky', value: 'pan', speed: 'medium', steadiness: 'stable' }],
  });
  t.equal(res.statusCode, 400);
  const { error } = json(res);
  t.equal(error.code, 'OBSERVATION_INVALID');
  t.same(error.details.problems, [
    'static_colors[1]: key "250,0,250_0.05" does not match its measured fields, which make "0,0,0_1.0"',
    'static_sound[0]: key "1.0_high_hiss" does not match its measured fields, which make "0.3_mid_tone"',
    'camera[0]: key "pan_fast_shaky" does not match its measured fields, which make "pan_medium_stable"',
  ]);
  t.equal((await rt.actor.coverage()).seq, 0, 'the honest item was not written either: the batch is one');
});

t.test('keys outside the declared spaces are refused unless ingest.accept_outside_space', async (t) => {
  const hostile = { narrative: { genre: [{ key: '../../etc/passwd' }, { key: '<script>alert(1)</script>' }] }, motion: [{ key: 'teleport', domain: 'motion_speed', value: 'teleport' }] };
  const strict = await api(t);
  const res = await strict.post(hostile);
  t.equal(res.statusCode, 400);
  t.match(json(res).error.details.problems, [
    /^narrative\[0\]: ".*passwd" lies outside the declared narrative genre space$/,
    /^narrative\[1\]: ".*script.*" lies outside the declared narrative genre space$/,
    'motion[0]: "teleport" lies outside the declared dynamic motion_speed space',
  ]);
  t.equal((await strict.rt.actor.coverage()).seq, 0);

  const open = await api(t, { ingest: { accept_outside_space: true } });
  t.equal((await open.post(hostile)).statusCode, 201, 'an operator who asks for them gets them');
  t.equal((await open.rt.actor.coverage()).seq, 3);
});

t.test('an ingested record keeps the name of the client that sent it', async (t) => {
  const { rt, post } = await api(t, { api: { tokens: { lab: TOKEN } } });
  const res = await post({ static_colors: [{ key: '100,100,150_1.0', r: 124, g: 124, b: 160, job_id: 'lab-run-1' }] }, { authorization: `Bearer ${TOKEN}` });
  t.equal(res.statusCode, 201);
  const [discovery] = await rt.actor.discoveries();
  t.same(discovery.source, { client: 'lab', job_id: 'lab-run-1' });
  t.equal(discovery.origin, 'ingested');
});
