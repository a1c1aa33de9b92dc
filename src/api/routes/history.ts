import type { FastifyInstance } from 'fastify';
import { REGISTRIES } from '../../model/registries.js';
import { isRetraction, type Discovery } from '../../model/records.js';
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
    const { minutes, recent } = request.query;
    const now = Date.now();
    // One read covers the window asked for and the quiet window with the minute before it.
    const read = await history.window(Math.max(minutes, QUIET_MINUTES + 1), now);
    const status = ctx.status.report();
    const watched = now - started >= QUIET_MINUTES * 60_000;
    const registries = Object.fromEntries(REGISTRIES.map((r) => {
      const { cells, discoveries, coverage } = read.registries[r];
      const count = coverage[coverage.length - 1];
      const quiet = count < cells && count === coverage[coverage.length - 1 - QUIET_MINUTES];
      return [r, { cells, discoveries: discoveries.slice(-minutes), coverage: coverage.slice(-minutes), count, why: quiet ? whyQuiet(r, status, watched) : null }];
    }));
    const tail = recent === 0 ? [] : await ctx.actor.records(Math.max(0, read.seq - recent), recent);
    return {
      minutes, from: new Date(Date.parse(read.to) - minutes * 60_000).toISOString(), to: read.to, seq: read.seq, quiet_minutes: QUIET_MINUTES,
      registries, recent: tail.filter((d): d is Discovery => !isRetraction(d)).reverse(),
    };
  });
}
