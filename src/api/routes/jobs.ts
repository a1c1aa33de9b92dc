import type { FastifyInstance } from 'fastify';
import { MotionRegistryError } from '../../base/errors.js';
import { summary } from '../../loop/job.js';
import { JOB_STATUSES, type JobQuery } from '../../registry/jobs.js';
import { requireRuntime, type ApiContext } from '../context.js';
import type { JobRequest } from '../jobs-runner.js';
import { SEED_MAX } from '../../base/random.js';
import { LIST_DEFAULT } from '../../base/limits.js';
import { lastProperty } from '../schemas.js';

const JOB_REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    prompt: { type: 'string', minLength: 1, maxLength: 2000, pattern: '\\S' },
    spec: { type: 'object' },
    seed: { type: 'integer', minimum: 0, maximum: SEED_MAX },
  },
  oneOf: [{ required: ['prompt'] }, { required: ['spec'] }],
};

/** Stored jobs, and jobs started over HTTP through the loop's job runner. */
export function jobRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: JobQuery }>('/api/jobs', {
    schema: {
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          status: { enum: [...JOB_STATUSES] },
          workflow: { type: 'string', minLength: 1, maxLength: 100 },
          last: lastProperty(LIST_DEFAULT),
        },
      },
    },
  }, async (request) => ({ jobs: (await ctx.actor.jobs(request.query)).map(summary) }));

  app.get<{ Params: { id: number } }>('/api/jobs/:id', {
    schema: { params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } } },
  }, async (request) => {
    const job = await ctx.actor.job(request.params.id);
    if (!job) throw new MotionRegistryError('NOT_FOUND', `no job ${request.params.id}`, { job_id: request.params.id });
    return job;
  });

  app.post<{ Body: JobRequest }>('/api/jobs', { schema: { body: JOB_REQUEST_SCHEMA } }, async (request, reply) => {
    const { job, spec } = await ctx.jobs.start(requireRuntime(ctx), request.body);
    return reply.status(202).header('location', `/api/jobs/${job.id}`).send({ id: job.id, status: job.status, prompt: job.prompt, seed: job.seed, spec });
  });
}
