import { publishResult, type RegistryActor } from '../registry/actor.js';
import type { Bus } from './bus.js';

const PAGE = 1000;

/**
 * Publishes the discovery log after `afterSeq` again, with the original message ids, so the
 * stream drops what it already holds (within its duplicate window). Returns the last seq sent.
 */
export async function republishDiscoveries(actor: Pick<RegistryActor, 'discoveries'>, bus: Bus, afterSeq = 0): Promise<number> {
  let seq = afterSeq;
  for (;;) {
    const discoveries = await actor.discoveries(seq, PAGE);
    if (discoveries.length === 0) return seq;
    seq = discoveries[discoveries.length - 1].seq;
    await publishResult(bus, { observations: 0, cells: 0, discoveries, coverage: [], seq, gained: {}, completed: [] });
  }
}
