import t from 'tap';
import { SEED_MAX, mulberry32, mulberry32Uint } from '../../src/base/random.js';

const take = (next: () => number, n: number) => Array.from({ length: n }, () => next());

t.test('known first values of the reference Mulberry32', async (t) => {
  // Computed with an independent implementation of the published algorithm.
  t.same(take(mulberry32Uint(0), 3), [1144304738, 1416247, 958946056]);
  t.same(take(mulberry32Uint(1), 3), [2693262067, 11749833, 2265367787]);
  t.same(take(mulberry32Uint(42), 3), [2581720956, 1925393290, 3661312704]);
  t.same(take(mulberry32Uint(SEED_MAX), 3), [3850105811, 813802916, 3073704848]);
});

t.test('floats are the integers scaled to [0, 1)', async (t) => {
  t.same(take(mulberry32(0), 3), [1144304738 / 2 ** 32, 1416247 / 2 ** 32, 958946056 / 2 ** 32]);
  t.equal(mulberry32(42)(), 2581720956 / 4294967296);
});

t.test('the same seed gives the same sequence, another seed another one', async (t) => {
  t.same(take(mulberry32Uint(123456), 100), take(mulberry32Uint(123456), 100));
  t.same(take(mulberry32(7), 100), take(mulberry32(7), 100));
  t.not(take(mulberry32Uint(7), 5).join(), take(mulberry32Uint(8), 5).join());
  // Two generators with one seed do not share state.
  const a = mulberry32Uint(5);
  const b = mulberry32Uint(5);
  a();
  a();
  t.equal(b(), mulberry32Uint(5)());
});

t.test('seeds are taken as unsigned 32-bit integers', async (t) => {
  t.equal(SEED_MAX, 4294967295);
  t.same(take(mulberry32Uint(-1), 3), take(mulberry32Uint(SEED_MAX), 3), '-1 wraps to SEED_MAX');
  t.same(take(mulberry32Uint(2 ** 32 + 5), 3), take(mulberry32Uint(5), 3), 'bits above 32 are dropped');
  t.same(take(mulberry32Uint(1.7), 3), take(mulberry32Uint(1), 3), 'fractions are truncated');
});

t.test('values stay in range', async (t) => {
  const ints = take(mulberry32Uint(99), 10_000);
  t.ok(ints.every((v) => Number.isInteger(v) && v >= 0 && v <= SEED_MAX), 'integers in 0…2^32-1');
  const floats = take(mulberry32(99), 10_000);
  t.ok(floats.every((v) => v >= 0 && v < 1), 'floats in [0, 1)');
  // Roughly uniform: each tenth of [0, 1) gets 10 % ± 2 % of 10,000 draws.
  const tenths = new Array(10).fill(0);
  for (const v of floats) tenths[Math.floor(v * 10)]++;
  t.ok(tenths.every((n) => n > 800 && n < 1200), `tenths ${tenths.join(' ')}`);
});
