import type { FastifyInstance } from 'fastify';
import { REGISTRIES } from '../../registry/targets.js';
import { isRetraction, type Discovery } from '../../registry/types.js';
import type { ApiContext } from '../context.js';
import { DiscoveryHistory, HISTORY_MAX_MINUTES } from '../history.js';
import { QUIET_MINUTES, whyQuiet } from '../stalls.js';

/** Most recent discoveries a history answer can carry (the dashboard's feed on load). */
const MAX_RECENT = 100;

/**
 * Discoveries per minute and coverage over the last `minutes` minutes, from the discovery log,
 * for each registry that is not complete and gained nothing lately, why, and the last `recent`
 * discoveries.
 */
export function historyRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const history = new DiscoveryHistory(ctx.actor, ctx.targets);
  const started = Date.now();
  app.get<{ Querystring: { minutes: number; recent: number } }>('/api/history', {
    schema: {
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          minutes: { type: 'integer', minimum: 1, maximum: HISTORY_MAX_MINUTES, default: 60 },
          recent: { type: 'integer', minimum: 0, maximum: MAX_RECENT, default: 0 },
        },
      },
    },
  }, async (request) => {
    const now = Date.now();
    const window = await history.window(request.query.minutes, now);
    // Coverage at the end of the minute before the quiet window, and now.
    const recent = await history.window(QUIET_MINUTES + 1, now);
    const status = ctx.status.report();
    const watched = now - started >= QUIET_MINUTES * 60_000;
    const registries = Object.fromEntries(REGISTRIES.map((r) => {
      const { cells, coverage } = recent.registries[r];
      const count = coverage[QUIET_MINUTES];
      const quiet = count < cells && count === coverage[0];
      return [r, { ...window.registries[r], count, why: quiet ? whyQuiet(r, status, watched) : null }];
    }));
    const { recent: last } = request.query;
    const tail = last === 0 ? [] : await ctx.actor.records(Math.max(0, window.seq - last), last);
    const discoveries = tail.filter((r): r is Discovery => !isRetraction(r)).reverse();
    return { ...window, quiet_minutes: QUIET_MINUTES, registries, recent: discoveries };
  });
}
