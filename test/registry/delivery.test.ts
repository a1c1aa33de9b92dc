import t from 'tap';
import { waitingMs, type DeliveryState } from '../../src/registry/delivery.js';

const state = (waitingSince: number | null): DeliveryState => ({ pending: waitingSince === null ? 0 : 3, acked: 5, waitingSince, error: null });

t.test('waitingMs: how long the oldest unacknowledged event has waited', async (t) => {
  t.equal(waitingMs(state(null), 10_000), 0, 'nothing waits');
  t.equal(waitingMs(state(4_000), 10_000), 6_000);
  t.equal(waitingMs(state(10_000), 10_000), 0);
  t.equal(waitingMs(state(0), 250), 250, 'a wait from the epoch is still a wait');
  const since = Date.now() - 60_000;
  t.ok(waitingMs(state(since)) >= 60_000, 'now by default');
});
