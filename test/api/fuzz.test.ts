import t from 'tap';
import { buildApi } from '../../src/api/server.js';
import { mulberry32 } from '../../src/base/random.js';
import { testRuntime } from '../helpers/loop.js';

const WRITES = ['/api/jobs', '/api/knowledge/discoveries', '/api/learning', '/api/loop/config', '/api/loop/work', '/api/extract'];
const READS = [
  '/api/jobs', '/api/jobs/1', '/api/learning/runs', '/api/loop/config', '/api/loop/progress', '/api/loop/status', '/api/metrics',
  '/api/registries', '/api/registries/static_color', '/api/registries/coverage', '/api/registries/static_color/cells', '/dashboard/app.js',
  '/api/knowledge/batches', '/api/knowledge/batches/1',
];
/** Fields the write routes know, to be sent with the wrong types. */
const FIELDS = ['prompt', 'spec', 'seed', 'jobs', 'strategy', 'static_colors', 'static_sound', 'narrative', 'camera', 'exploit_ratio', 'template', 'key', 'r', 'name'];

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Hostile bodies, seeded: broken JSON, wrong types, huge strings, deep nesting, prototype keys. */
function bodies(rng: () => number): Array<{ payload: string; type: string }> {
  const json = (v: unknown) => ({ payload: JSON.stringify(v), type: 'application/json' });
  const wrong = [null, true, -1, 1e308, '', 'x'.repeat(10_000), [], {}, [1, 'a', null], { '': { '': [] } }];
  const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)];
  const out = [
    { payload: '{', type: 'application/json' },
    { payload: '{"prompt": "unterminated', type: 'application/json' },
    { payload: '\u0000\u0001\u0002', type: 'application/json' },
    { payload: 'prompt=a', type: 'application/x-www-form-urlencoded' },
    { payload: '<xml/>', type: 'text/xml' },
    json(null), json([]), json('str'), json(42),
    { payload: nested(5000), type: 'application/json' },
    { payload: `{"a":${nested(2000)}}`, type: 'application/json' },
    { payload: '{"__proto__": {"polluted": true}, "prompt": "x"}', type: 'application/json' },
    { payload: '{"constructor": {"prototype": {"polluted": true}}}', type: 'application/json' },
    { payload: JSON.stringify({ prompt: 'x'.repeat(20 << 20) }), type: 'application/json' },
    { payload: JSON.stringify({ static_colors: [{ key: '../../etc/passwd', r: 1, g: 2, b: 3 }] }), type: 'application/json' },
  ];
  for (let i = 0; i < 60; i++) {
    const body: Record<string, unknown> = {};
    for (let f = 0; f < 1 + Math.floor(rng() * 3); f++) body[pick(FIELDS)] = pick(wrong);
    out.push(json(body));
  }
  return out;
}

const PATH_TRICKS = [
  '/api/registries/..%2f..%2fetc%2fpasswd', '/api/registries/%00', '/api/jobs/-1', '/api/jobs/1e9', '/api/jobs/abc',
  '/api/jobs/99999999999999999999', '/api/registries/static_color?limit=-1&offset=abc', '/api/jobs?last=0', '/api/jobs?status[]=x',
  '//api//jobs', '/api/knowledge/batches/0', '/api/knowledge/batches/4294967296', '/api/knowledge/batches/1.5', '/dashboard/..%2f..%2fpackage.json', '/dashboard/%2e%2e/%2e%2e/package.json', '/api/registries/__proto__', `/api/${'a'.repeat(10_000)}`,
];

t.test('fuzzing every route with hostile input: only 4xx, in the error shape, nothing written, nothing polluted', async (t) => {
  const rt = await testRuntime(t);
  const app = buildApi({ config: rt.config, actor: rt.actor, bus: rt.bus, runtime: rt, log: rt.log, maxUploadBytes: 1 << 20 });
  t.teardown(() => app.close());
  const rng = mulberry32(7);
  const seq = (await rt.actor.coverage()).seq;
  const failures: string[] = [];
  let requests = 0;
  const expect4xx = (what: string, res: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
    requests++;
    const shaped = (() => {
      try {
        return typeof (JSON.parse(res.body) as { error?: { code?: unknown } }).error?.code === 'string';
      } catch {
        return false;
      }
    })();
    if (res.statusCode < 400 || res.statusCode >= 500 || !shaped) failures.push(`${what}: ${res.statusCode} ${res.body.slice(0, 120)}`);
  };

  for (const url of WRITES) {
    for (const { payload, type } of bodies(rng)) {
      const res = await app.inject({ method: 'POST', url, payload, headers: { 'content-type': type } });
      expect4xx(`POST ${url} ${payload.slice(0, 40)}`, res);
    }
  }
  for (const url of PATH_TRICKS) expect4xx(`GET ${url.slice(0, 60)}`, await app.inject({ method: 'GET', url }));
  for (const url of READS) {
    for (const query of ['?last=-5', '?limit=1e999', '?status=%00', `?x=${'y'.repeat(5000)}`, '?__proto__[polluted]=1']) {
      const res = await app.inject({ method: 'GET', url: url + query });
      requests++;
      if (res.statusCode >= 500) failures.push(`GET ${url}${query.slice(0, 30)}: ${res.statusCode}`);
    }
  }
  for (const method of ['PUT', 'DELETE', 'PATCH'] as const) expect4xx(`${method} /api/jobs`, await app.inject({ method, url: '/api/jobs', payload: '{}' }));
  for (const id of ['0', '-1', 'abc', '1e3', '99', '%00', '4294967296']) {
    expect4xx(`DELETE /api/knowledge/batches/${id}`, await app.inject({ method: 'DELETE', url: `/api/knowledge/batches/${id}` }));
  }

  t.same(failures, [], `${requests} hostile requests, each answered 4xx in the error shape (reads: never 5xx)`);
  t.equal((await rt.actor.coverage()).seq, seq, 'nothing was written');
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted');
  t.equal((await app.inject('/health')).statusCode, 200, 'the service still answers');
});
