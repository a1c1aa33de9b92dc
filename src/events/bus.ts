export interface BusMessage<T = unknown> {
  subject: string;
  data: T;
  /** Stream sequence, on messages delivered by a replay: resume after the last one handled. */
  seq?: number;
}

export interface PublishOptions {
  /** Deduplication id: a message published twice with the same id is delivered once. */
  msgId?: string;
}

export interface Subscription {
  unsubscribe(): void;
}

/** `connected` while publishes can reach the bus (always, in process); `disconnected` while NATS is away. */
export type BusState = 'connected' | 'disconnected' | 'closed';

/** Where discoveries, coverage deltas and loop events go: NATS, or the in-process bus. */
export interface Bus {
  readonly kind: 'memory' | 'nats';
  state(): BusState;
  publish(subject: string, data: unknown, options?: PublishOptions): Promise<void>;
  subscribe<T = unknown>(pattern: string, handler: (message: BusMessage<T>) => void): Subscription;
  close(): Promise<void>;
}
