import type { Command } from 'commander';
import { MotionRegistryError } from '../base/errors.js';
import { NatsBus } from '../events/nats.js';
import { SUBJECTS } from '../events/subjects.js';
import { contextFrom } from './context.js';
import { print } from './terminal.js';
import { positiveInteger } from './options.js';

interface EventsOptions {
  from?: number;
  subject: string;
  durable?: string;
  count?: number;
}

/**
 * `events`: the service's events from its NATS stream as JSON lines (`{seq, subject, data}`), from
 * a stream sequence or through a durable consumer that resumes where it stopped. An operator's
 * tail, and a reference consumer.
 */
export function eventsCommand(cmd: Command, action: <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>): void {
  cmd
    .option('--from <seq>', 'first stream sequence to print (default: the whole stream)', positiveInteger)
    .option('--subject <pattern>', `NATS subject pattern: ${SUBJECTS.allDiscoveries}, ${SUBJECTS.allComplete}, ${SUBJECTS.loop('>')}`, SUBJECTS.allRegistry)
    .option('--durable <name>', 'a durable consumer: created on first use, then resumed after what it printed')
    .option('--count <n>', 'stop after N events (default: follow until Ctrl-C)', positiveInteger)
    .action(action(async (opts: EventsOptions, self: Command) => {
      const ctx = contextFrom(self);
      const { nats_url: url, stream } = ctx.config.bus;
      if (!url) {
        throw new MotionRegistryError('INPUT_INVALID', 'events are read from NATS: set NATS_URL (or bus.nats_url). A service without NATS streams them at GET /api/events');
      }
      const bus = await NatsBus.open({ url, stream, log: ctx.log });
      let printed = 0;
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => { finish = resolve; });
      const sub = await bus.tail(opts.subject, (m) => {
        if (opts.count !== undefined && printed >= opts.count) return false;
        print(`${JSON.stringify({ seq: m.seq, subject: m.subject, data: m.data })}\n`);
        printed++;
        if (printed === opts.count) finish();
      }, { fromSeq: opts.from, durable: opts.durable });
      const stop = () => finish();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await finished;
      } finally {
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
        sub.unsubscribe();
        await bus.close();
      }
    }));
}
