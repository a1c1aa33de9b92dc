import type { FastifyInstance } from 'fastify';
import { publishLoopEvent } from '../../events/loop-events.js';
import { CONFIG_SCHEMA, type Config } from '../../base/config-schema.js';
import { MotionRegistryError } from '../../base/errors.js';
import { loopProgress, PROGRESS_JOBS } from '../../loop/metrics.js';
import { REQUESTABLE, type RequestedStrategy } from '../../loop/scheduler.js';
import type { ApiContext } from '../context.js';
import { lastQuery } from '../schemas.js';

type LoopConfig = Config['loop'];

/** Any subset of the loop section, each key checked as the config file's is. */
const LOOP_PATCH_SCHEMA = { ...(CONFIG_SCHEMA.properties.loop as object), required: [], minProperties: 1 };

/** Loop metrics, the loop section of the config (read, and changed in memory), and the controllers' status. */
export function loopRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { last: number } }>('/api/loop/progress', { schema: { querystring: lastQuery(PROGRESS_JOBS) } },
    async (request) => loopProgress(ctx.actor, ctx.targets, request.query.last));

  app.get('/api/loop/config', async () => ctx.config.loop);

  // Controllers read the loop section for every job they plan, so a change applies from their next job.
  app.post<{ Body: Partial<LoopConfig> }>('/api/loop/config', { schema: { body: LOOP_PATCH_SCHEMA } }, async (request) => {
    Object.assign(ctx.config.loop, request.body);
    if (ctx.runtime && ctx.runtime.config !== ctx.config) Object.assign(ctx.runtime.config.loop, request.body);
    ctx.log.info({ loop: request.body }, 'loop config changed');
    await publishLoopEvent(ctx.bus, 'config', { changed: request.body, loop: ctx.config.loop });
    return ctx.config.loop;
  });

  app.get('/api/loop/status', async () => ctx.status.report());

  // More work than completion needs: the running controllers take these jobs next, complete or not.
  app.post<{ Body: { jobs: number; strategy: RequestedStrategy } }>('/api/loop/work', {
    schema: {
      body: {
        type: 'object', additionalProperties: false, required: ['jobs'],
        properties: { jobs: { type: 'integer', minimum: 1, maximum: 1000 }, strategy: { enum: [...REQUESTABLE], default: 'explore' } },
      },
    },
  }, async (request, reply) => {
    if (!ctx.loop) throw new MotionRegistryError('UNAVAILABLE', 'this process runs no loop controllers');
    ctx.loop.request(request.body.jobs, request.body.strategy);
    ctx.log.info({ jobs: request.body.jobs, strategy: request.body.strategy }, 'more loop jobs asked for');
    return reply.code(202).send({ status: 'queued', jobs: request.body.jobs, strategy: request.body.strategy });
  });
}
