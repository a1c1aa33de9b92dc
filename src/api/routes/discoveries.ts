import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { MotionRegistryError } from '../../errors/catalogue.js';
import { BATCH_SCHEMA, DYNAMIC_LISTS, checkClaims, locateInvalid, novelPerList, planBatch, type Batch } from '../ingest.js';

/** Batches carry up to 100,000 items per list. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

/** External batch ingest: validated whole (every key must be what its fields measure, in its space), recorded atomically with origin `ingested` and the client's name. */
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
      result = await ctx.actor.record(plan.observations, request.client ? { client: request.client } : {});
    } catch (err) {
      throw locateInvalid(err, plan);
    }
    return reply.status(201).send({
      status: 'recorded',
      results: plan.results,
      novel: novelPerList(plan, result),
      items_processed: plan.observations.length,
      ...(plan.ignored.length > 0 ? { ignored: plan.ignored } : {}),
    });
  });
}
