import t from 'tap';
import { orderKey } from '../../src/loop/order.js';

t.test('orderKey names a job by its id and the moment it was created', async (t) => {
  t.equal(orderKey({ id: 7, created_at: '2024-01-02T03:04:05.678Z' }), `7-${Date.UTC(2024, 0, 2, 3, 4, 5, 678)}`);
  t.equal(orderKey({ id: 1, created_at: '1970-01-01T00:00:00.000Z' }), '1-0');
  t.not(orderKey({ id: 3, created_at: '2024-01-02T03:04:05.678Z' }), orderKey({ id: 3, created_at: '2024-01-02T03:04:05.679Z' }),
    'the same id in another store is another order');
  t.equal(orderKey({ id: 2, created_at: 'not a date' }), '2-NaN');
});
