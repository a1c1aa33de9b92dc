import type { FastifyInstance } from 'fastify';
import { MotionRegistryError } from '../../base/errors.js';
import type { LearningRun } from '../../registry/jobs.js';
import type { ApiContext } from '../context.js';
import { lastQuery } from '../schemas.js';
import { LIST_DEFAULT } from '../../base/limits.js';

type RunBody = Omit<LearningRun, 'seq' | 'at'>;

const count = { type: 'integer', minimum: 0 };

const RUN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['prompt', 'new_cells'],
  properties: {
    job_id: { type: ['integer', 'null'], minimum: 1, default: null },
    workflow: { type: 'string', minLength: 1, maxLength: 100, default: 'manual' },
    mode: { enum: ['explore', 'exploit', 'sweep', 'manual'], default: 'manual' },
    template: { type: 'string', minLength: 1, maxLength: 500 },
    prompt: { type: 'string', minLength: 1, maxLength: 2000 },
    observations: { ...count, default: 0 },
    cells: { ...count, default: 0 },
    new_cells: count,
    reward: { type: 'number', minimum: 0, default: 0 },
  },
};

/** Learning runs: what a clip taught the loop (the bandit's rewards). */
export function learningRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: RunBody }>('/api/learning', { schema: { body: RUN_SCHEMA } }, async (request, reply) => {
    const run = request.body;
    if (run.job_id !== null && !(await ctx.actor.job(run.job_id))) {
      throw new MotionRegistryError('NOT_FOUND', `no job ${run.job_id}`, { job_id: run.job_id });
    }
    return reply.status(201).send(await ctx.actor.addRun(run));
  });

  app.get<{ Querystring: { last: number } }>('/api/learning/runs', { schema: { querystring: lastQuery(LIST_DEFAULT) } },
    async (request) => ({ runs: await ctx.actor.runs(request.query.last) }));
}
