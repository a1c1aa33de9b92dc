import t from 'tap';
import { combinationKey, crossProduct } from '../../src/model/combination.js';

t.test('combinationKey joins values with +', async (t) => {
  t.equal(combinationKey(['radial', 'pan']), 'radial+pan');
  t.equal(combinationKey(['slow', 'dark', 'silence']), 'slow+dark+silence');
  t.equal(combinationKey(['one']), 'one');
  t.equal(combinationKey([]), '');
});

t.test('crossProduct: every combination, the first list varying slowest', async (t) => {
  t.same(crossProduct([['a', 'b'], ['x', 'y']]), ['a+x', 'a+y', 'b+x', 'b+y']);
  t.same(crossProduct([['a', 'b'], ['x'], ['1', '2']]), ['a+x+1', 'a+x+2', 'b+x+1', 'b+x+2']);
  t.same(crossProduct([['x', 'y', 'z']]), ['x', 'y', 'z'], 'one list is itself');
  t.same(crossProduct([['a', 'b'], []]), [], 'an empty list empties the product');
  t.same(crossProduct([[], ['a']]), []);
  t.same(crossProduct([]), [''], 'no lists: the one empty combination');
  t.equal(crossProduct([['a', 'b', 'c'], ['1', '2', '3', '4'], ['p', 'q']]).length, 24);
});

t.test('crossProduct agrees with combinationKey', async (t) => {
  const lists = [['slow', 'fast'], ['dark', 'bright'], ['music']];
  const expected: string[] = [];
  for (const a of lists[0]) for (const b of lists[1]) for (const c of lists[2]) expected.push(combinationKey([a, b, c]));
  t.same(crossProduct(lists), expected);
});
