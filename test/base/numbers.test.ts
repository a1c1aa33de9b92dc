import t from 'tap';
import { clamp, median, roundTo } from '../../src/base/numbers.js';

t.test('clamp holds a value within its bounds', async (t) => {
  t.same([clamp(-1, 0, 1), clamp(0.25, 0, 1), clamp(7, 0, 1)], [0, 0.25, 1]);
});

t.test('roundTo rounds to the given decimals, three by default', async (t) => {
  t.same([roundTo(1.23456), roundTo(1.23456, 1), roundTo(2.5, 0), roundTo(-0.0004)], [1.235, 1.2, 3, -0]);
});

t.test('median: the middle value, the mean of the two middle ones, non-finite values left out', async (t) => {
  t.equal(median([3, 1, 2]), 2);
  t.equal(median([4, 1, 3, 2]), 2.5);
  t.equal(median(new Float64Array([5, NaN, 1, Infinity, 3])), 3);
  t.ok(Number.isNaN(median([])), 'none: NaN');
  t.ok(Number.isNaN(median([NaN])), 'none finite: NaN');
});
