import t from 'tap';
import { mulberry32Uint } from '../../../src/base/random.js';
import { searchTemplateJs, SUBJECT_SEARCH, SUBJECT_TIE, type TemplateSearchJob } from '../../../src/extract/dynamic/template-search.js';

const W = 48;
const H = 40;

/** Fine noise over a smooth bowl: the step-2 grid needs a cost that falls towards the answer. */
function texture(seed: number): Float32Array {
  const next = mulberry32Uint(seed);
  return Float32Array.from({ length: W * H }, (_, p) => {
    const x = p % W, y = Math.floor(p / W);
    return 0.2 * (x - 20) ** 2 + 0.3 * (y - 18) ** 2 + 2 * x + (next() & 7);
  });
}

/** `a` moved by (dx, dy): warped(x + dx, y + dy) = a(x, y); pixels moved in from outside are 0. */
function moved(a: Float32Array, dx: number, dy: number): Float32Array {
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const sx = x - dx, sy = y - dy;
    if (sx >= 0 && sy >= 0 && sx < W && sy < H) out[y * W + x] = a[sy * W + sx];
  }
  return out;
}

/** A job over the box [x0, x1) × [y0, y1) as the template. */
function job(a: Float32Array, warped: Float32Array, box = [16, 32, 14, 26], inside = new Uint8Array(W * H).fill(1)): TemplateSearchJob {
  const [x0, x1, y0, y1] = box;
  const xs: number[] = [], ys: number[] = [];
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) { xs.push(x); ys.push(y); }
  return {
    a, warped, inside, width: W, height: H,
    template: Int32Array.from(xs, (x, k) => ys[k] * W + x), templateX: Int32Array.from(xs), templateY: Int32Array.from(ys),
    count: xs.length, offset: new Int32Array([99, 99]),
  };
}

const search = (j: TemplateSearchJob) => {
  searchTemplateJs(j);
  return [...j.offset];
};

t.test('finds the displacement, even or odd, within the search range', async (t) => {
  t.equal(SUBJECT_SEARCH, 10);
  t.equal(SUBJECT_TIE, 0.05);
  const a = texture(7);
  for (const [dx, dy] of [[0, 0], [4, -2], [3, -5], [-7, 1], [10, 10], [-10, -9]]) {
    t.same(search(job(a, moved(a, dx, dy))), [dx, dy], `(${dx}, ${dy})`);
  }
});

t.test('no displacement wins ties and empty comparisons', async (t) => {
  const flat = new Float32Array(W * H).fill(128);
  t.same(search(job(flat, flat)), [0, 0], 'a flat picture matches everywhere: the tie-break keeps zero');
  const a = texture(3);
  t.same(search(job(a, moved(a, 2, 2), undefined, new Uint8Array(W * H))), [0, 0], 'nothing inside: nothing to compare');
});

t.test('a displacement is refused when less than half the template can be compared', async (t) => {
  const a = texture(11);
  const warped = moved(a, 6, 0);
  const inside = new Uint8Array(W * H).fill(1);
  t.same(search(job(a, warped, undefined, inside)), [6, 0], 'found while all of it is inside');
  // Only the leftmost 5 columns of the moved template remain comparable: 5 of 16.
  for (let y = 0; y < H; y++) for (let x = 27; x < W; x++) inside[y * W + x] = 0;
  t.not(search(job(a, warped, undefined, inside))[0], 6);
});
