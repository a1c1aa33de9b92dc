import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { BusMessage } from '../../bus/bus.js';
import { SUBJECTS } from '../../bus/subjects.js';
import type { Discovery } from '../../registry/types.js';
import type { ApiContext } from '../context.js';

const PATTERNS = { discovery: SUBJECTS.allDiscoveries, coverage: SUBJECTS.allCoverage, loop: SUBJECTS.loop('>') } as const;
type EventName = keyof typeof PATTERNS;

const HEARTBEAT_MS = 15_000;
/** A client that lets this much go unread is dropped (it can resume with Last-Event-ID). */
const MAX_UNREAD_BYTES = 4 * 1024 * 1024;
/** Discoveries replayed per page for a client resuming with Last-Event-ID. */
const REPLAY_PAGE = 1000;

/** One SSE frame; discoveries carry their log sequence as the event id, so a client can resume. */
function frame(event: EventName, message: BusMessage): string {
  const id = event === 'discovery' ? `id: ${(message.data as Discovery).seq}\n` : '';
  return `event: ${event}\n${id}data: ${JSON.stringify({ subject: message.subject, data: message.data })}\n\n`;
}

/**
 * Server-sent events: discoveries, coverage deltas and loop events from the bus. A client that
 * reconnects with Last-Event-ID first gets the discoveries it missed, from the registry's log.
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
      else if (event !== 'discovery' || (message.data as Discovery).seq > replayedUpTo) write(frame(event, message));
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
          const page = await ctx.actor.discoveries(replayedUpTo, REPLAY_PAGE);
          if (page.length === 0 || res.destroyed || res.writableEnded) break;
          for (const d of page) write(frame('discovery', { subject: SUBJECTS.discovery(d.registry, d.domain), data: d }));
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
