import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { BusMessage } from '../../events/bus.js';
import { SUBJECTS } from '../../events/subjects.js';
import { isRetraction, LOG_PAGE, type LogRecord } from '../../model/records.js';
import type { ApiContext } from '../context.js';

const PATTERNS = { discovery: SUBJECTS.allDiscoveries, retraction: SUBJECTS.allRetractions, coverage: SUBJECTS.allCoverage, loop: SUBJECTS.loop('>') } as const;
type EventName = keyof typeof PATTERNS;

const HEARTBEAT_MS = 15_000;
/** A client that lets this much go unread is dropped (it can resume with Last-Event-ID). */
const MAX_UNREAD_BYTES = 4 * 1024 * 1024;
/** Log records replayed per page for a client resuming with Last-Event-ID. */

const LOGGED: ReadonlySet<EventName> = new Set(['discovery', 'retraction']);

/** One SSE frame; discovery-log records carry their seq as the event id, so a client can resume. */
function frame(event: EventName, message: BusMessage): string {
  const id = LOGGED.has(event) ? `id: ${(message.data as LogRecord).seq}\n` : '';
  return `event: ${event}\n${id}data: ${JSON.stringify({ subject: message.subject, data: message.data })}\n\n`;
}

/**
 * Server-sent events: discoveries, retractions, coverage deltas and loop events from the bus. A
 * client that reconnects with Last-Event-ID first gets the log records it missed.
 */
export function eventRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });

  app.get<{ Headers: { 'last-event-id'?: string } }>('/api/events', async (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    open.add(res);
    // Live messages wait here while missed discoveries are replayed.
    let pending: Array<[EventName, BusMessage]> | null = [];
    let replayedUpTo = 0;
    const write = (text: string) => {
      res.write(text);
      if (res.writableLength > MAX_UNREAD_BYTES) res.destroy();
    };
    const send = (event: EventName, message: BusMessage) => {
      if (pending) pending.push([event, message]);
      else if (!LOGGED.has(event) || (message.data as LogRecord).seq > replayedUpTo) write(frame(event, message));
    };
    const subscriptions = (Object.keys(PATTERNS) as EventName[]).map((event) => ctx.bus.subscribe(PATTERNS[event], (m) => send(event, m)));
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      for (const s of subscriptions) s.unsubscribe();
      open.delete(res);
    });
    res.write(': connected\n\n');

    const lastId = request.headers['last-event-id'];
    if (lastId !== undefined && /^\d+$/.test(lastId)) {
      replayedUpTo = Number(lastId);
      try {
        for (;;) {
          const page = await ctx.actor.records(replayedUpTo, LOG_PAGE);
          if (page.length === 0 || res.destroyed || res.writableEnded) break;
          for (const r of page) {
            write(isRetraction(r)
              ? frame('retraction', { subject: SUBJECTS.retraction(r.registry, r.domain), data: r })
              : frame('discovery', { subject: SUBJECTS.discovery(r.registry, r.domain), data: r }));
          }
          replayedUpTo = page[page.length - 1].seq;
        }
      } catch (err) {
        request.log.error({ err }, 'discovery replay failed');
        res.end();
        return;
      }
    }
    const queued = pending;
    pending = null;
    for (const [event, message] of queued) send(event, message);
  });
}
