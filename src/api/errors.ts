import type { FastifyError, FastifyInstance } from 'fastify';
import { MotionRegistryError, toMotionRegistryError } from '../errors/catalogue.js';

/** Problems named in one validation answer, at most. */
const MAX_PROBLEMS = 20;

function isFastifyError(err: unknown): err is FastifyError {
  return err instanceof Error && typeof (err as FastifyError).code === 'string' && (err as FastifyError).code.startsWith('FST_');
}

/** Any failure as a catalogue error: schema failures name every problem, fastify's own 4xx become input errors. */
export function apiError(err: unknown): MotionRegistryError {
  if (err instanceof MotionRegistryError || !isFastifyError(err)) return toMotionRegistryError(err);
  if (err.validation) {
    const at = err.validationContext ?? 'request';
    const problems = err.validation.slice(0, MAX_PROBLEMS).map((v) => `${at}${v.instancePath} ${v.message ?? 'is invalid'}`);
    const more = err.validation.length - problems.length;
    return new MotionRegistryError('INPUT_INVALID', `${problems.join('; ')}${more > 0 ? `; and ${more} more` : ''}`, { problems });
  }
  if (err.statusCode === 413) return new MotionRegistryError('INPUT_TOO_LARGE', err.message);
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return new MotionRegistryError('INPUT_INVALID', err.message);
  return toMotionRegistryError(err);
}

/** Every error answer is `{error: {code, message, details?}}` with the code's status. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const e = apiError(err);
    if (e.status >= 500) request.log.error({ err, code: e.code, url: request.url }, 'request failed');
    const retry = e.details?.retry_after_s;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
    return reply.status(e.status).send({ error: e.toJSON() });
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new MotionRegistryError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
    return reply.status(e.status).send({ error: e.toJSON() });
  });
}
