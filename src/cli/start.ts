import type { Command } from 'commander';
import { contextFrom, withActor } from './context.js';
import { SUBJECTS } from '../bus/subjects.js';
import type { Discovery } from '../registry/types.js';

type Action = <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

/** `start`: opens the registry, reports its coverage and stays up until SIGINT or SIGTERM. */
export function startCommand(cmd: Command, action: Action): void {
  cmd.action(action(async (_opts: unknown, self: Command) => {
    const ctx = contextFrom(self);
    await withActor(ctx, async (actor, bus) => {
      bus.subscribe<Discovery>(SUBJECTS.allDiscoveries, ({ data }) => ctx.log.info({ discovery: data }, 'discovery'));
      for (const c of await actor.headline()) {
        ctx.log.info({ registry: c.registry, count: c.count, cells: c.cells, coverage_pct: c.coverage_pct }, 'coverage');
      }
      ctx.log.info({ data_dir: ctx.config.data_dir, bus: bus.kind }, 'registry open; waiting (Ctrl-C to stop)');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      ctx.log.info('stopping');
    });
  }));
}
