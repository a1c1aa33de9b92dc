import t from 'tap';
import {
  ERROR_CODES, MotionRegistryError, formatError, isErrorJSON, toMotionRegistryError, type ErrorCode,
} from '../../src/base/errors.js';

t.test('every code has an HTTP status and a summary', async (t) => {
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];
  t.equal(codes.length, 22);
  for (const code of codes) {
    const { status, summary } = ERROR_CODES[code];
    t.ok(status >= 400 && status < 600, `${code} status ${status}`);
    t.match(summary, /^[a-z]/, `${code} summary`);
    t.equal(new MotionRegistryError(code, 'm').status, status);
  }
  t.equal(new MotionRegistryError('STORE_LOCKED', 'x').status, 409);
  t.equal(new MotionRegistryError('REGISTRY_UNKNOWN', 'x').status, 404);
  t.equal(new MotionRegistryError('RATE_LIMITED', 'x').status, 429);
  t.equal(new MotionRegistryError('INPUT_TOO_LARGE', 'x').status, 413);
  t.equal(new MotionRegistryError('DECODE_FAILED', 'x').status, 422);
  t.equal(new MotionRegistryError('BUS_UNAVAILABLE', 'x').status, 503);
  t.equal(new MotionRegistryError('INTERNAL', 'x').status, 500);
});

t.test('an error carries its code, message, details and cause', async (t) => {
  const cause = new Error('disk full');
  const e = new MotionRegistryError('STORE_UNAVAILABLE', 'cannot open', { dir: '/d' }, { cause });
  t.ok(e instanceof Error);
  t.equal(e.name, 'MotionRegistryError');
  t.equal(e.code, 'STORE_UNAVAILABLE');
  t.equal(e.message, 'cannot open');
  t.same(e.details, { dir: '/d' });
  t.equal(e.cause, cause);
});

t.test('toJSON leaves details out when there are none; fromJSON rebuilds the error', async (t) => {
  const bare = new MotionRegistryError('NOT_FOUND', 'no job 7');
  t.strictSame(bare.toJSON(), { code: 'NOT_FOUND', message: 'no job 7' });
  t.notOk('details' in bare.toJSON());
  t.equal(JSON.stringify(bare), '{"code":"NOT_FOUND","message":"no job 7"}');

  const full = new MotionRegistryError('RATE_LIMITED', 'slow down', { retry_after_s: 3, nested: { a: [1, 2] } });
  t.strictSame(full.toJSON(), { code: 'RATE_LIMITED', message: 'slow down', details: { retry_after_s: 3, nested: { a: [1, 2] } } });

  for (const e of [bare, full]) {
    const back = MotionRegistryError.fromJSON(JSON.parse(JSON.stringify(e)));
    t.ok(back instanceof MotionRegistryError);
    t.equal(back.code, e.code);
    t.equal(back.message, e.message);
    t.same(back.details, e.details);
    t.equal(back.status, e.status);
    t.strictSame(back.toJSON(), e.toJSON(), 'round trip is lossless');
  }
});

t.test('isErrorJSON accepts only known codes with a string message', async (t) => {
  t.ok(isErrorJSON({ code: 'INTERNAL', message: 'x' }));
  t.ok(isErrorJSON({ code: 'INPUT_INVALID', message: '', details: {} }));
  t.notOk(isErrorJSON({ code: 'E_NOPE', message: 'x' }), 'unknown code');
  t.notOk(isErrorJSON({ code: 'INTERNAL' }), 'no message');
  t.notOk(isErrorJSON({ code: 'INTERNAL', message: 3 }), 'message not a string');
  t.notOk(isErrorJSON({ code: 404, message: 'x' }), 'code not a string');
  t.notOk(isErrorJSON(null));
  t.notOk(isErrorJSON('INTERNAL: x'));
  t.notOk(isErrorJSON(undefined));
});

t.test('toMotionRegistryError keeps catalogue errors and wraps foreign ones as INTERNAL', async (t) => {
  const own = new MotionRegistryError('JOB_CANCELLED', 'stopped');
  t.equal(toMotionRegistryError(own), own, 'the same object');

  const rebuilt = toMotionRegistryError({ code: 'DECODE_TIMEOUT', message: 'stalled', details: { after_s: 30 } });
  t.ok(rebuilt instanceof MotionRegistryError);
  t.equal(rebuilt.code, 'DECODE_TIMEOUT');
  t.same(rebuilt.details, { after_s: 30 });

  const foreign = new TypeError('x is not a function');
  const wrapped = toMotionRegistryError(foreign);
  t.equal(wrapped.code, 'INTERNAL');
  t.equal(wrapped.message, 'x is not a function');
  t.equal(wrapped.cause, foreign);
  t.equal(wrapped.details, undefined);

  t.equal(toMotionRegistryError('plain text').message, 'plain text');
  t.equal(toMotionRegistryError(42).message, '42');
  t.equal(toMotionRegistryError(undefined).message, 'undefined');
  t.equal(toMotionRegistryError(null).code, 'INTERNAL');
  t.equal(toMotionRegistryError({ code: 'E_OTHER', message: 'm' }).message, '[object Object]', 'an unknown code is no catalogue error');
});

t.test('formatError is one line: CODE: message', async (t) => {
  t.equal(formatError(new MotionRegistryError('STORE_LOCKED', 'held by 12')), 'STORE_LOCKED: held by 12');
  t.equal(formatError(new Error('boom')), 'INTERNAL: boom');
  t.equal(formatError('bare'), 'INTERNAL: bare');
  t.equal(formatError({ code: 'UNAUTHORIZED', message: 'no token' }), 'UNAUTHORIZED: no token');
});
