import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { MotionRegistryError } from '../../base/errors.js';
import { clientOf } from '../guard.js';
import { BATCH_SCHEMA, DYNAMIC_LISTS, checkClaims, locateInvalid, novelPerList, planBatch, type Batch } from '../ingest.js';

/** Batches carry up to 100,000 items per list. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

const batchId = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2 ** 32 - 1 } },
};

/**
 * External batch ingest: validated whole (every key must be what its fields measure, in its
 * space), recorded atomically with origin `ingested` and the client's name, and kept as a batch
 * that can be listed and revoked.
 */
export function discoveryRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: Batch }>('/api/knowledge/discoveries', { bodyLimit: BATCH_BODY_LIMIT, schema: { body: BATCH_SCHEMA } }, async (request, reply) => {
    const plan = planBatch(request.body);
    if (plan.observations.length === 0) {
      const lists = ['static_colors', 'static_sound', 'narrative', ...Object.keys(DYNAMIC_LISTS)].join(', ');
      const had = plan.ignored.length > 0 ? `; it had only ${plan.ignored.slice(0, 10).join(', ')}` : '';
      throw new MotionRegistryError('INPUT_INVALID', `the batch records nothing: send items in ${lists}${had}`, { ignored: plan.ignored });
    }
    let result;
    try {
      checkClaims(plan, ctx.targets, ctx.config.ingest.accept_outside_space);
      result = await ctx.actor.record(plan.observations, request.client ? { client: request.client } : {}, { ingest: { client: clientOf(request) } });
    } catch (err) {
      throw locateInvalid(err, plan);
    }
    return reply.status(201).send({
      status: 'recorded',
      batch: result.batch,
      results: plan.results,
      novel: novelPerList(plan, result),
      items_processed: plan.observations.length,
      ...(plan.ignored.length > 0 ? { ignored: plan.ignored } : {}),
    });
  });

  app.get<{ Querystring: { client?: string; offset: number; limit: number } }>('/api/knowledge/batches', {
    schema: {
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          client: { type: 'string', minLength: 1, maxLength: 200 },
          offset: { type: 'integer', minimum: 0, default: 0 },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
      },
    },
  }, async (request) => {
    const { client, offset, limit } = request.query;
    const page = await ctx.actor.batches({ client, offset, limit });
    return { total: page.total, offset, limit, batches: page.batches };
  });

  app.get<{ Params: { id: number } }>('/api/knowledge/batches/:id', { schema: { params: batchId } }, async (request) => {
    const batch = await ctx.actor.batch(request.params.id);
    if (!batch) throw new MotionRegistryError('NOT_FOUND', `no ingested batch ${request.params.id}`, { batch: request.params.id });
    return batch;
  });

  // Revoking is a write: with tokens configured it needs one, and the batch keeps who revoked it.
  app.delete<{ Params: { id: number } }>('/api/knowledge/batches/:id', { schema: { params: batchId } }, async (request) => {
    const revocation = await ctx.actor.revoke(request.params.id, clientOf(request));
    return {
      status: revocation.already ? 'already revoked' : 'revoked',
      batch: revocation.batch,
      retracted: revocation.retractions.map(({ registry, domain, key, evidence }) => ({ registry, domain, key, evidence })),
      coverage: revocation.coverage,
      seq: revocation.seq,
    };
  });
}
