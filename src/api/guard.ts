import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import bearerAuth from '@fastify/bearer-auth';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '../base/config-schema.js';
import { MotionRegistryError } from '../base/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The name of the token the request came with (its client's identity), when it had one. */
    client?: string;
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Liveness probes need no token. */
const OPEN = new Set(['/health']);

/** Who a request counts against: its token's name, else its address. */
export const clientOf = (request: FastifyRequest) => request.client ?? request.ip;

/**
 * Bearer tokens and per-client rate limits. With tokens configured, writes (and reads, when
 * `api.read_token_required`) need `Authorization: Bearer <token>`; the token's name becomes the
 * request's client (a read that brings a token is identified by it too). Every client gets `api.rate_limit_per_minute` requests; past them, 429 with
 * Retry-After. Failures are catalogue errors like every other answer.
 */
export function installGuard(app: FastifyInstance, config: Config): void {
  const tokens = Object.entries(config.api.tokens).map(([name, token]) => ({ name, token: Buffer.from(token) }));
  if (tokens.length > 0) {
    void app.register(bearerAuth, {
      keys: tokens.map((t) => t.token.toString()),
      addHook: false,
      verifyErrorLogLevel: '',
      auth: (key: string, request: FastifyRequest) => {
        const given = Buffer.from(key);
        // Every token is compared, in constant time, so the answer's timing tells nothing.
        let found: string | undefined;
        for (const t of tokens) if (t.token.length === given.length && timingSafeEqual(t.token, given)) found ??= t.name;
        request.client = found;
        return found !== undefined;
      },
    });
    app.addHook('onRequest', (request, reply, done) => {
      const path = request.url.split('?')[0];
      // A read may come without a token; one that brings a token is identified by it (and refused if it is wrong).
      const optional = READS.has(request.method) && !config.api.read_token_required && request.headers.authorization === undefined;
      if (OPEN.has(path) || optional) {
        done();
        return;
      }
      request.server.verifyBearerAuth!(request, reply, (err?: Error) => done(err ? new MotionRegistryError('UNAUTHORIZED', `${request.method} ${path} needs a valid bearer token (Authorization: Bearer <token>)`) : undefined));
    });
  }
  void app.register(rateLimit, {
    max: config.api.rate_limit_per_minute,
    timeWindow: 60_000,
    keyGenerator: clientOf,
    allowList: (request) => OPEN.has(request.url.split('?')[0]),
    errorResponseBuilder: (request, context) => new MotionRegistryError('RATE_LIMITED',
      `more than ${context.max} requests a minute from ${request.client ?? 'this address'}; retry in ${context.after}`,
      { retry_after_s: Math.ceil(context.ttl / 1000) }),
  });
}
