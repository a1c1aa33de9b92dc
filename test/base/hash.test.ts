import t from 'tap';
import { fnv1aUtf16, fnv1aUtf8 } from '../../src/base/hash.js';

t.test('FNV-1a matches the published 32-bit test vectors', async (t) => {
  t.equal(fnv1aUtf8(''), 0x811c9dc5);
  t.equal(fnv1aUtf8('a'), 0xe40c292c);
  t.equal(fnv1aUtf8('foobar'), 0xbf9cf968);
  t.equal(fnv1aUtf16('foobar'), 0xbf9cf968, 'ASCII code units are its bytes');
});

t.test('the two readings of a string part beyond ASCII', async (t) => {
  t.not(fnv1aUtf16('é'), fnv1aUtf8('é'));
  t.equal(fnv1aUtf16('é'), Math.imul(0x811c9dc5 ^ 0xe9, 0x01000193) >>> 0);
});

t.test('a seed mixes into the offset basis', async (t) => {
  t.equal(fnv1aUtf16('x', 0), fnv1aUtf16('x'));
  t.equal(fnv1aUtf16('', 7), (0x811c9dc5 ^ 7) >>> 0);
  t.not(fnv1aUtf16('x', 7), fnv1aUtf16('x'));
  t.ok([fnv1aUtf16('abc', 0xffffffff), fnv1aUtf8('abc', 3)].every((h) => Number.isInteger(h) && h >= 0 && h <= 0xffffffff), 'unsigned 32-bit');
});
