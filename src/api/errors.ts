import type { FastifyError, FastifyInstance } from 'fastify';
import { MotionRegistryError, toMotionRegistryError } from '../base/errors.js';
import { PROBLEMS_MAX } from '../base/limits.js';


function isFastifyError(err: unknown): err is FastifyError {
  return err instanceof Error && typeof (err as FastifyError).code === 'string' && (err as FastifyError).code.startsWith('FST_');
}

/** Any failure as a catalogue error: schema failures name every problem, fastify's own 4xx become input errors. */
export function apiError(err: unknown): MotionRegistryError {
  if (err instanceof MotionRegistryError || !isFastifyError(err)) return toMotionRegistryError(err);
  if (err.validation) {
    const at = err.validationContext ?? 'request';
    const problems = err.validation.slice(0, PROBLEMS_MAX).map((v) => `${at}${v.instancePath} ${v.message ?? 'is invalid'}`);
    const more = err.validation.length - problems.length;
    return new MotionRegistryError('INPUT_INVALID', `${problems.join('; ')}${more > 0 ? `; and ${more} more` : ''}`, { problems });
  }
  if (err.statusCode === 413) return new MotionRegistryError('INPUT_TOO_LARGE', err.message);
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return new MotionRegistryError('INPUT_INVALID', err.message);
  return toMotionRegistryError(err);
}

/** An absolute filesystem path of two segments or more (not a route of this API), and a memory address. */
const PATH = /(?<![\w/])\/(?!api\/)[\w.@+-]+(?:\/[\w.@+-]+)+/g;
const POINTER = /\s*@?\s*0x[0-9a-f]{6,}/gi;

/** What a client may see of a message: paths on the server reduced to their last part, no addresses. */
export function publicMessage(message: string): string {
  return message.replace(PATH, (path) => path.slice(path.lastIndexOf('/') + 1)).replace(POINTER, '');
}

/** Every string in an answer, through {@link publicMessage}. */
function scrub<T>(value: T): T {
  if (typeof value === 'string') return publicMessage(value) as T;
  if (Array.isArray(value)) return value.map(scrub) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)])) as T;
  return value;
}

/**
 * Every error answer is `{error: {code, message, details?}}` with the code's status. Answers name
 * no server path or memory address; the log keeps the whole error.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const e = apiError(err);
    if (e.status >= 500) request.log.error({ err, code: e.code, url: request.url }, 'request failed');
    else request.log.debug({ err, code: e.code, url: request.url }, 'request refused');
    const retry = e.details?.retry_after_s;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
    return reply.status(e.status).send({ error: scrub(e.toJSON()) });
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new MotionRegistryError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
    return reply.status(e.status).send({ error: e.toJSON() });
  });
}
