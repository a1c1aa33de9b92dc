import type { Logger } from '../log.js';
import { formatError } from '../errors/catalogue.js';
import type { Bus } from './bus.js';

/**
 * A bus whose publish never rejects: by the time an event is published its registry write is
 * already durable and the discovery log is the source of truth, so a bus outage must not fail
 * the write. The first failure of an outage is a warning (with the subject and message id), the
 * rest are debug lines until a publish succeeds again. Lost discoveries are re-sent from the log
 * with `republishDiscoveries`.
 */
export function bestEffort(bus: Bus, log: Logger): Bus {
  let failures = 0;
  return {
    kind: bus.kind,
    subscribe: (pattern, handler) => bus.subscribe(pattern, handler),
    close: () => bus.close(),
    async publish(subject, data, options) {
      try {
        await bus.publish(subject, data, options);
      } catch (err) {
        failures++;
        const fields = { subject, msgId: options?.msgId, error: formatError(err) };
        if (failures === 1) log.warn(fields, 'event not published; the registry keeps it in its discovery log');
        else log.debug(fields, 'event not published');
        return;
      }
      if (failures > 0) log.info({ failed: failures }, 'events are published again');
      failures = 0;
    },
  };
}
