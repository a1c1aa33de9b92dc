import type { Bus, BusMessage, BusState, PublishOptions, Subscription } from './bus.js';
import { subjectMatches } from './subjects.js';

interface Listener {
  pattern: string;
  handler: (message: BusMessage<never>) => void;
}

const DEDUPE_WINDOW = 10_000;

/** The same subjects as NATS, delivered synchronously inside one process. */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly listeners = new Set<Listener>();
  private readonly recentIds = new Set<string>();
  private closed = false;

  state(): BusState {
    return this.closed ? 'closed' : 'connected';
  }

  async publish(subject: string, data: unknown, options: PublishOptions = {}): Promise<void> {
    if (options.msgId !== undefined) {
      if (this.recentIds.has(options.msgId)) return;
      this.recentIds.add(options.msgId);
      if (this.recentIds.size > DEDUPE_WINDOW) this.recentIds.delete(this.recentIds.values().next().value as string);
    }
    for (const listener of this.listeners) {
      if (subjectMatches(listener.pattern, subject)) listener.handler({ subject, data } as BusMessage<never>);
    }
  }

  subscribe<T = unknown>(pattern: string, handler: (message: BusMessage<T>) => void): Subscription {
    if (this.closed) return { unsubscribe: () => undefined };
    const listener: Listener = { pattern, handler: handler as Listener['handler'] };
    this.listeners.add(listener);
    return { unsubscribe: () => this.listeners.delete(listener) };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }
}
