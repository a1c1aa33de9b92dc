import type { Logger } from '../base/log.js';
import type { Bus } from '../events/bus.js';
import { Outbox } from '../events/outbox.js';
import { RegistryActor, type ActorOptions } from '../registry/actor.js';

export interface RegistryOptions extends Omit<ActorOptions, 'sink'> {
  /** Where discoveries, coverage deltas and completions are published (none: kept in the log only). */
  bus?: Bus;
  /** For the outbox's warnings while the bus refuses events. */
  log?: Logger;
}

/**
 * The registry actor with its discovery log as the bus's outbox: each commit is durable first,
 * then its events are published without the commit waiting, and sent again from the log until
 * the bus acknowledges them.
 */
export function openRegistry(options: RegistryOptions): Promise<RegistryActor> {
  const { bus, log, ...actor } = options;
  return RegistryActor.start({ ...actor, sink: bus ? (store) => Outbox.open(store, bus, { log }) : undefined });
}
