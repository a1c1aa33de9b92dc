import type { Undelivered } from './discovery-log.js';

/** How far the events of committed batches have been delivered. */
export interface DeliveryState {
  /** Events committed but not yet acknowledged, counted in discoveries. */
  pending: number;
  /** Acknowledged through this discovery-log seq. */
  acked: number;
  /** The oldest moment an event has been waiting since, when any is. */
  waitingSince: number | null;
  /** The last delivery failure, while it is being retried. */
  error: string | null;
}

/** How long (ms) the oldest unacknowledged event has waited at `now`; 0 when none waits. */
export const waitingMs = (state: DeliveryState, now = Date.now()): number => (state.waitingSince === null ? 0 : now - state.waitingSince);

/** The discovery log as a sink reads it: what is still to be sent, and where delivery stopped. */
export interface DeliveryLog {
  published(): Promise<number>;
  undelivered(afterSeq: number, limit: number): Promise<Undelivered>;
  acknowledge(seq: number, spaces: string[]): Promise<void>;
}

/**
 * Where the actor hands each commit's events, after the commit and without waiting. The registry
 * knows no bus: whoever starts the actor plugs one in (the outbox, publishing to the bus).
 */
export interface CommitSink {
  offer(events: Omit<Undelivered, 'head'>): void;
  state(): DeliveryState;
  close(): Promise<void>;
}

/** Opens a sink over the actor's discovery log. */
export type OpenSink = (log: DeliveryLog) => Promise<CommitSink>;
