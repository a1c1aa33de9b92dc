import type { Logger } from '../base/log.js';
import { formatError } from '../base/errors.js';
import type { Bus } from './bus.js';

/**
 * A bus for notices (loop and job events) that never holds up its caller: a publish is handed
 * to the bus and resolves at once, and a failure is logged instead of thrown. The first failure
 * of an outage is a warning, the rest are debug lines until a publish succeeds again. Registry
 * events do not go this way: the outbox keeps them until the bus acknowledges them.
 */
export function bestEffort(bus: Bus, log: Logger): Bus {
  let failures = 0;
  return {
    kind: bus.kind,
    state: () => bus.state(),
    subscribe: (pattern, handler) => bus.subscribe(pattern, handler),
    close: () => bus.close(),
    async publish(subject, data, options) {
      bus.publish(subject, data, options).then(
        () => {
          if (failures > 0) log.info({ failed: failures }, 'notices are published again');
          failures = 0;
        },
        (err) => {
          failures++;
          const fields = { subject, msgId: options?.msgId, error: formatError(err) };
          if (failures === 1) log.warn(fields, 'notice not published');
          else log.debug(fields, 'notice not published');
        },
      );
    },
  };
}
