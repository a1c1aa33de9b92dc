import t, { type Test } from 'tap';
import Fastify, { type FastifyBaseLogger, type FastifyError } from 'fastify';
import { pino } from 'pino';
import { apiError, installErrorHandlers, publicMessage } from '../../src/api/errors.js';
import { installValidation } from '../../src/api/validation.js';
import { MotionRegistryError } from '../../src/base/errors.js';

/** An error as fastify raises it. */
const fastifyError = (code: string, message: string, fields: Partial<FastifyError> = {}) =>
  Object.assign(new Error(message), { code, ...fields }) as FastifyError;

t.test('apiError: schema failures name every problem, up to twenty', async (t) => {
  const e = apiError(fastifyError('FST_ERR_VALIDATION', 'body/n must be integer', {
    statusCode: 400, validationContext: 'body',
    validation: [
      { instancePath: '/n', message: 'must be integer' },
      { instancePath: '', message: "must have required property 'k'" },
      { instancePath: '/tags/0' },
    ] as FastifyError['validation'],
  }));
  t.same(e.toJSON(), {
    code: 'INPUT_INVALID',
    message: "body/n must be integer; body must have required property 'k'; body/tags/0 is invalid",
    details: { problems: ['body/n must be integer', "body must have required property 'k'", 'body/tags/0 is invalid'] },
  });

  const many = apiError(fastifyError('FST_ERR_VALIDATION', 'x', {
    statusCode: 400,
    validation: Array.from({ length: 25 }, (_, i) => ({ instancePath: `/${i}`, message: 'bad' })) as FastifyError['validation'],
  }));
  t.equal((many.details!.problems as string[]).length, 20);
  t.equal((many.details!.problems as string[])[0], 'request/0 bad', 'no context: request');
  t.match(many.message, /; request\/19 bad; and 5 more$/);
});

t.test('apiError: fastify\'s own 4xx become input errors, the rest keep their kind', async (t) => {
  t.same(apiError(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large', { statusCode: 413 })).toJSON(),
    { code: 'INPUT_TOO_LARGE', message: 'Request body is too large' });
  t.same(apiError(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 'Unsupported Media Type', { statusCode: 415 })).toJSON(),
    { code: 'INPUT_INVALID', message: 'Unsupported Media Type' });
  t.equal(apiError(fastifyError('FST_ERR_SOMETHING', 'broke', { statusCode: 500 })).code, 'INTERNAL');
  t.equal(apiError(fastifyError('FST_ERR_SOMETHING', 'no status')).code, 'INTERNAL');
  t.equal(apiError(fastifyError('ERR_OTHER', 'not fastify\'s', { statusCode: 400 })).code, 'INTERNAL', 'only FST_ codes are fastify\'s');
  const own = new MotionRegistryError('RATE_LIMITED', 'slow', { retry_after_s: 2 });
  t.equal(apiError(own), own);
  t.same(apiError(new RangeError('out of range')).toJSON(), { code: 'INTERNAL', message: 'out of range' });
});

t.test('publicMessage: no server paths, no memory addresses', async (t) => {
  t.equal(publicMessage('cannot open /home/ann/data/registry.db: EACCES'), 'cannot open registry.db: EACCES');
  t.equal(publicMessage('/srv/a/b.mp4 and /srv/c/d.mp4'), 'b.mp4 and d.mp4');
  t.equal(publicMessage('no route /api/jobs/7'), 'no route /api/jobs/7', 'routes of this API stay');
  t.equal(publicMessage('see /tmp'), 'see /tmp', 'one segment stays');
  t.equal(publicMessage('relative data/clips/x.mp4'), 'relative data/clips/x.mp4');
  t.equal(publicMessage('at http://host:4222/a/b'), 'at http://host:4222/a/b', 'URLs stay');
  t.equal(publicMessage('object @ 0x7ffd1234abcd failed'), 'object failed');
  t.equal(publicMessage('code 0x1f'), 'code 0x1f', 'short hex stays');
});

interface Line { level: number; msg: string; code?: string }

async function app(t: Test) {
  const lines: Line[] = [];
  const server = Fastify({
    loggerInstance: pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) }) as FastifyBaseLogger,
    disableRequestLogging: true,
    bodyLimit: 64,
  });
  installValidation(server);
  installErrorHandlers(server);
  server.post('/items', { schema: { body: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } }, async () => ({ ok: true }));
  server.get('/limited', async () => { throw new MotionRegistryError('RATE_LIMITED', 'too many', { retry_after_s: 3 }); });
  server.get('/locked', async () => { throw new MotionRegistryError('STORE_LOCKED', '/var/lib/mr/data is written by 12', { dir: '/var/lib/mr/data', pid: 12 }); });
  server.get('/crash', async () => { throw new Error('EIO reading /var/lib/mr/data/registry.db at 0xdeadbeef00'); });
  t.teardown(() => server.close());
  await server.ready();
  return { server, lines };
}

t.test('answers are {error: {code, message, details}} with the code\'s status', async (t) => {
  const { server, lines } = await app(t);
  const invalid = await server.inject({ method: 'POST', url: '/items', payload: { n: 'three' } });
  t.equal(invalid.statusCode, 400);
  t.same(invalid.json(), { error: { code: 'INPUT_INVALID', message: 'body/n must be integer', details: { problems: ['body/n must be integer'] } } });

  const missing = await server.inject({ method: 'POST', url: '/items', payload: {} });
  t.same(missing.json().error.details.problems, ["body must have required property 'n'"]);

  const broken = await server.inject({ method: 'POST', url: '/items', headers: { 'content-type': 'application/json' }, payload: '{"n":' });
  t.equal(broken.statusCode, 400);
  t.equal(broken.json().error.code, 'INPUT_INVALID', 'unparseable JSON');

  const large = await server.inject({ method: 'POST', url: '/items', payload: { n: 1, pad: 'x'.repeat(100) } });
  t.equal(large.statusCode, 413);
  t.equal(large.json().error.code, 'INPUT_TOO_LARGE');

  const limited = await server.inject({ method: 'GET', url: '/limited' });
  t.equal(limited.statusCode, 429);
  t.equal(limited.headers['retry-after'], '3');
  t.same(limited.json(), { error: { code: 'RATE_LIMITED', message: 'too many', details: { retry_after_s: 3 } } });

  const locked = await server.inject({ method: 'GET', url: '/locked' });
  t.equal(locked.statusCode, 409);
  t.equal(locked.headers['retry-after'], undefined);
  t.same(locked.json(), { error: { code: 'STORE_LOCKED', message: 'data is written by 12', details: { dir: 'data', pid: 12 } } }, 'paths scrubbed in details too');

  const crash = await server.inject({ method: 'GET', url: '/crash' });
  t.equal(crash.statusCode, 500);
  t.same(crash.json(), { error: { code: 'INTERNAL', message: 'EIO reading registry.db at' } });

  const none = await server.inject({ method: 'GET', url: '/nowhere?x=1' });
  t.equal(none.statusCode, 404);
  t.same(none.json(), { error: { code: 'NOT_FOUND', message: 'no route GET /nowhere' } });

  const logged = lines.filter((l) => l.msg === 'request failed' || l.msg === 'request refused').map((l) => [l.level, l.msg, l.code]);
  t.same(logged, [
    [20, 'request refused', 'INPUT_INVALID'],
    [20, 'request refused', 'INPUT_INVALID'],
    [20, 'request refused', 'INPUT_INVALID'],
    [20, 'request refused', 'INPUT_TOO_LARGE'],
    [20, 'request refused', 'RATE_LIMITED'],
    [20, 'request refused', 'STORE_LOCKED'],
    [50, 'request failed', 'INTERNAL'],
  ], 'server faults are errors in the log, refusals debug lines');
});
