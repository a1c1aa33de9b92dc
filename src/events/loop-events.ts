import type { Bus, BusMessage, PublishOptions, Subscription } from './bus.js';
import { SUBJECTS, type LoopEventName, type LoopEvents } from './subjects.js';

/** Publishes one loop event; its name and payload are checked against `LoopEvents`. */
export function publishLoopEvent<E extends LoopEventName>(bus: Bus, event: E, data: LoopEvents[E], options?: PublishOptions): Promise<void> {
  return bus.publish(SUBJECTS.loop(event), data, options);
}

/** Handles one loop event, typed by its name. */
export function onLoopEvent<E extends LoopEventName>(bus: Bus, event: E, handler: (message: BusMessage<LoopEvents[E]>) => void): Subscription {
  return bus.subscribe<LoopEvents[E]>(SUBJECTS.loop(event), handler);
}
