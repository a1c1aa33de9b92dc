import t from 'tap';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/base/config.js';
import { buildApi } from '../../src/api/server.js';
import { testRuntime } from '../helpers/loop.js';

const OPS = 'ops-token-0123456789';
const CI = 'ci-token-0123456789ab';
const BATCH = { static_colors: [{ key: '100,100,150_1.0', r: 124, g: 124, b: 160 }] };
const json = (res: { body: string }) => JSON.parse(res.body);

async function api(t: Parameters<typeof testRuntime>[0], overrides: Record<string, unknown>) {
  const rt = await testRuntime(t, overrides);
  const app = buildApi({ config: rt.config, actor: rt.actor, bus: rt.bus, runtime: rt, log: rt.log });
  t.teardown(() => app.close());
  return { app, rt };
}

t.test('with tokens, writes need one, reads do not (unless asked), health never does; the token names the client', async (t) => {
  const { app, rt } = await api(t, { api: { tokens: { ops: OPS, ci: CI } } });
  const post = (headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/api/knowledge/discoveries', payload: BATCH, headers });

  const wrong: Array<Record<string, string>> = [{}, { authorization: `Bearer ${OPS}x` }, { authorization: `Basic ${OPS}` }, { authorization: 'Bearer ' }];
  for (const headers of wrong) {
    const res = await post(headers);
    t.equal(res.statusCode, 401, JSON.stringify(headers));
    t.match(json(res).error, { code: 'UNAUTHORIZED', message: 'POST /api/knowledge/discoveries needs a valid bearer token (Authorization: Bearer <token>)' });
  }
  t.equal((await rt.actor.coverage()).seq, 0, 'nothing was written');
  t.equal((await post({ authorization: `Bearer ${CI}` })).statusCode, 201);
  t.equal((await rt.actor.coverage()).seq, 1);
  t.equal((await app.inject('/api/registries/coverage')).statusCode, 200, 'reads are open');
  t.equal((await app.inject('/health')).statusCode, 200);
  t.equal((await app.inject({ method: 'POST', url: '/api/jobs', payload: { prompt: 'a red square' } })).statusCode, 401, 'every write route');
});

t.test('api.read_token_required closes reads too, but not /health', async (t) => {
  const { app } = await api(t, { api: { tokens: { ops: OPS }, read_token_required: true } });
  t.equal((await app.inject('/api/registries/coverage')).statusCode, 401);
  t.equal((await app.inject({ url: '/api/registries/coverage', headers: { authorization: `Bearer ${OPS}` } })).statusCode, 200);
  t.equal((await app.inject('/health')).statusCode, 200);
});

t.test('each client has its own request budget; past it, 429 RATE_LIMITED with Retry-After', async (t) => {
  const { app } = await api(t, { api: { tokens: { ops: OPS, ci: CI }, rate_limit_per_minute: 3 } });
  const read = (token: string) => app.inject({ url: '/api/registries/coverage', headers: { authorization: `Bearer ${token}` } });
  for (let i = 0; i < 3; i++) t.equal((await read(OPS)).statusCode, 200);
  const limited = await read(OPS);
  t.equal(limited.statusCode, 429);
  t.match(json(limited).error, { code: 'RATE_LIMITED', message: /^more than 3 requests a minute from ops; retry in / });
  t.ok(Number(limited.headers['retry-after']) > 0, `Retry-After: ${limited.headers['retry-after']}`);
  t.equal((await read(CI)).statusCode, 200, 'another client is not held back');
  t.equal((await app.inject('/health')).statusCode, 200, 'health is not counted');
});

t.test('jobs beyond the configured bounds are refused naming the bound; too many at once get 429', async (t) => {
  const { app } = await api(t, { api: { max_jobs: 1 }, limits: { max_seconds: 4, max_width: 320, max_height: 240, max_fps: 30, max_frames_per_job: 60 } });
  const job = (payload: object) => app.inject({ method: 'POST', url: '/api/jobs', payload });
  const cases: Array<[object, RegExp]> = [
    [{ prompt: '10 min 4k 60 fps' }, /asks for 600 s; limits\.max_seconds is 4/],
    [{ prompt: '2 seconds, 4k' }, /pixels wide; limits\.max_width is 320/],
    [{ prompt: '3 seconds at 30 fps, 320x240' }, /asks for 90 frames; limits\.max_frames_per_job is 60/],
  ];
  for (const [payload, message] of cases) {
    const res = await job(payload);
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.match(json(res).error, { code: 'INPUT_INVALID', message, details: { limit: /^limits\./ } });
  }
  t.equal((await job({ prompt: 'one second of a red square' })).statusCode, 202);
  const busy = await job({ prompt: 'one second of a blue square' });
  t.equal(busy.statusCode, 429);
  t.match(json(busy).error, { code: 'RATE_LIMITED', details: { limit: 'api.max_jobs' } });
  t.equal(busy.headers['retry-after'], '5');
});

t.test('uploads beyond api.max_uploads at once get 429 with Retry-After', async (t) => {
  const { app } = await api(t, { api: { max_uploads: 1 } });
  const upload = (payload: PassThrough | Buffer) => app.inject({ method: 'POST', url: '/api/extract?name=slow.mp4', headers: { 'content-type': 'application/octet-stream' }, payload });
  const slow = new PassThrough();
  const first = upload(slow);
  slow.write(Buffer.alloc(1024));
  // The first upload is being read once its first bytes are taken.
  while (slow.readableLength > 0) await sleep(10);
  const second = await upload(Buffer.from('another file'));
  t.equal(second.statusCode, 429);
  t.match(json(second).error, { code: 'RATE_LIMITED', details: { limit: 'api.max_uploads' } });
  t.equal(second.headers['retry-after'], '5');
  slow.end();
  t.equal((await first).statusCode, 422, 'the first went on (and was not media)');
  t.equal((await upload(Buffer.from('a third'))).statusCode, 422, 'once it is done, the next is taken');
});

t.test('a host other machines reach needs a token; API_TOKEN sets the client "default"', async (t) => {
  t.throws(() => loadConfig({ env: { MOTION_REGISTRY_API__HOST: '0.0.0.0' } }), { code: 'CONFIG_INVALID', message: /"api.host" 0\.0\.0\.0 is reachable from other machines; set API_TOKEN/ });
  const config = loadConfig({ env: { MOTION_REGISTRY_API__HOST: '0.0.0.0', API_TOKEN: OPS } });
  t.same(config.api.tokens, { default: OPS });
  t.same(loadConfig({ env: { MOTION_REGISTRY_API__HOST: '127.0.0.5' } }).api.tokens, {}, 'loopback needs none');
  t.throws(() => loadConfig({ env: { API_TOKEN: 'short' } }), { code: 'CONFIG_INVALID', message: /api\.tokens/ });
});
