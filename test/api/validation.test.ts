import t, { type Test } from 'tap';
import Fastify from 'fastify';
import { installValidation } from '../../src/api/validation.js';
import { installErrorHandlers } from '../../src/api/errors.js';

const SCHEMA = {
  body: {
    type: 'object',
    required: ['n'],
    properties: { n: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' }, default: [] } },
  },
  querystring: {
    type: 'object',
    properties: { limit: { type: 'integer', minimum: 1, default: 10 }, full: { type: 'boolean' } },
    additionalProperties: false,
  },
  params: { type: 'object', properties: { id: { type: 'integer' } } },
};

async function app(t: Test) {
  const server = Fastify();
  installValidation(server);
  installErrorHandlers(server);
  server.post('/echo/:id', { schema: SCHEMA }, async (request) => ({ body: request.body, query: request.query, params: request.params }));
  t.teardown(() => server.close());
  await server.ready();
  return server;
}

t.test('bodies are taken as sent, with defaults and unknown fields kept', async (t) => {
  const server = await app(t);
  const ok = await server.inject({ method: 'POST', url: '/echo/7', payload: { n: 3, extra: 'kept' } });
  t.equal(ok.statusCode, 200);
  t.same(ok.json(), { body: { n: 3, extra: 'kept', tags: [] }, query: { limit: 10 }, params: { id: 7 } });

  const text = await server.inject({ method: 'POST', url: '/echo/7', payload: { n: '3' } });
  t.equal(text.statusCode, 400, 'a string is no integer in a body');
  t.same(text.json(), { error: { code: 'INPUT_INVALID', message: 'body/n must be integer', details: { problems: ['body/n must be integer'] } } });
});

t.test('query strings and path parameters are coerced from text', async (t) => {
  const server = await app(t);
  const ok = await server.inject({ method: 'POST', url: '/echo/12?limit=5&full=true', payload: { n: 1 } });
  t.same(ok.json().query, { limit: 5, full: true });
  t.same(ok.json().params, { id: 12 });

  const bad = await server.inject({ method: 'POST', url: '/echo/x?limit=0', payload: { n: 1 } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error.code, 'INPUT_INVALID');
  t.equal(bad.json().error.message, 'params/id must be integer', 'parameters are checked first');

  const unknown = await server.inject({ method: 'POST', url: '/echo/1?limit=0&color=red', payload: { n: 1 } });
  t.same(unknown.json().error.details.problems, ['querystring must NOT have additional properties', 'querystring/limit must be >= 1'], 'every problem is named');
});

t.test('schemas are compiled strictly', async (t) => {
  const server = Fastify();
  installValidation(server);
  server.post('/x', { schema: { body: { type: 'object', properties: { n: { type: 'integer', frobnicate: true } } } } }, async () => 'x');
  await t.rejects(async () => { await server.ready(); }, /strict mode: unknown keyword: "frobnicate"/);
});
