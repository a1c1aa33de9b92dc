import type { Config } from '../base/config-schema.js';
import type { Logger } from '../base/log.js';
import type { Bus } from './bus.js';
import { MemoryBus } from './memory.js';

/** NATS when `bus.nats_url` is set (BUS_UNAVAILABLE if it cannot be reached), else the in-process bus. */
export async function openBus(config: Config, log: Logger): Promise<Bus> {
  const { nats_url: url, stream, replicas } = config.bus;
  if (!url) {
    log.debug({ bus: 'memory' }, 'events stay in this process (no NATS URL)');
    return new MemoryBus();
  }
  // The NATS client is loaded only by processes that use it.
  const { NatsBus, withoutCredentials } = await import('./nats.js');
  const bus = await NatsBus.open({ url, stream, replicas, log });
  log.info({ bus: 'nats', url: withoutCredentials(url), stream }, 'events are published to NATS');
  return bus;
}
