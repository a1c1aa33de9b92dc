import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { waitingMs } from '../registry/delivery.js';
import { createLogger } from '../base/log.js';
import { CompletionTargets } from '../model/targets.js';
import type { ApiContext, ApiDeps } from './context.js';
import { installErrorHandlers } from './errors.js';
import { installGuard } from './guard.js';
import { ApiJobs } from './jobs-runner.js';
import { LoopStatus } from './loop-status.js';
import { installValidation } from './validation.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { discoveryRoutes } from './routes/discoveries.js';
import { eventRoutes } from './routes/events.js';
import { extractRoutes } from './routes/extract.js';
import { historyRoutes } from './routes/history.js';
import { jobRoutes } from './routes/jobs.js';
import { learningRoutes } from './routes/learning.js';
import { loopRoutes } from './routes/loop.js';
import { metricsRoutes } from './routes/metrics.js';
import { registryRoutes } from './routes/registries.js';

export type { ApiDeps } from './context.js';

/**
 * The HTTP API over a registry actor and bus (SPEC: Interfaces). Nothing listens until
 * `listen` (see {@link startApi}); tests use `inject`. Closing it waits for jobs it started and
 * ends open event streams; the actor, bus, runtime and loop stay open (their owner closes them).
 */
export function buildApi(deps: ApiDeps): FastifyInstance {
  const log = deps.log ?? createLogger(deps.config.log.level);
  // Requests are not logged one by one (the dashboard polls); failures are, by the error handler.
  const app = Fastify({ loggerInstance: log as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }) });
  const ctx: ApiContext = {
    config: deps.config,
    actor: deps.actor,
    bus: deps.bus,
    runtime: deps.runtime,
    loop: deps.loop,
    log,
    targets: deps.runtime?.targets ?? new CompletionTargets(deps.config),
    status: new LoopStatus(deps.bus, deps.loop),
    jobs: new ApiJobs(log),
    maxUploadBytes: deps.maxUploadBytes ?? deps.config.api.max_upload_mb * 1024 * 1024,
  };
  installValidation(app);
  installErrorHandlers(app);
  installGuard(app, deps.config);

  // Routes live in a scope registered after the guard's plugins, so that its rate limit sees every route.
  void app.register(async (api) => {
    api.get('/health', async () => {
      const headline = await ctx.actor.headline();
      const bus = busHealth(ctx);
      return { status: bus.ok ? 'ok' : 'degraded', bus: bus.report, seq: Math.max(0, ...headline.map((c) => c.seq)) };
    });
    registryRoutes(api, ctx);
    discoveryRoutes(api, ctx);
    loopRoutes(api, ctx);
    jobRoutes(api, ctx);
    learningRoutes(api, ctx);
    metricsRoutes(api, ctx);
    eventRoutes(api, ctx);
    historyRoutes(api, ctx);
    dashboardRoutes(api);
    // Its own scope, so the raw-media body parser applies to the upload route only.
    void api.register(async (scope) => extractRoutes(scope, ctx));
  });

  app.addHook('onClose', async () => {
    await ctx.jobs.drain();
    ctx.status.close();
  });
  return app;
}

/** Events waiting longer than this make the service degraded: the bus is not keeping up. */
const DELIVERY_LAG_MS = 5000;

/** The bus's connection and the outbox's backlog; degraded while the bus is away or events wait. */
function busHealth(ctx: ApiContext) {
  const state = ctx.bus.state();
  const delivery = ctx.actor.delivery();
  const waiting = delivery ? waitingMs(delivery) : 0;
  return {
    ok: state === 'connected' && waiting < DELIVERY_LAG_MS && delivery?.error == null,
    report: {
      kind: ctx.bus.kind, state, pending: delivery?.pending ?? 0, acked: delivery?.acked ?? null,
      waiting_s: Math.round(waiting / 100) / 10, ...(delivery?.error ? { error: delivery.error } : {}),
    },
  };
}

/** Builds the API and listens on `config.api.host`/`port`; resolves once it listens. */
export async function startApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = buildApi(deps);
  const address = await app.listen({ host: deps.config.api.host, port: deps.config.api.port });
  app.log.info({ address }, 'HTTP API listening');
  return app;
}
