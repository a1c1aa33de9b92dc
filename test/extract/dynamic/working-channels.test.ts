import t from 'tap';
import { MOTION_CHROMA, workingChannelsJs } from '../../../src/extract/dynamic/working-channels.js';

const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;

t.test('each working pixel is the mean of its box: luma, and luma plus half the saturation range', async (t) => {
  t.equal(MOTION_CHROMA, 0.5);
  // 4 × 2 source pixels, factor 2: two working pixels.
  const pixels = [
    [255, 0, 0], [0, 0, 0], [10, 20, 30], [10, 20, 30],
    [0, 255, 0], [0, 0, 255], [10, 20, 30], [10, 20, 30],
  ];
  const frame = new Uint8Array(pixels.flatMap(([r, g, b]) => [r, g, b, 7]));
  const l = new Float32Array(2);
  const m = new Float32Array(2);
  workingChannelsJs(frame, 4, 2, 2, 1, l, m);
  const left = (luma(255, 0, 0) + 0 + luma(0, 255, 0) + luma(0, 0, 255)) / 4;
  t.equal(l[0], Math.fround(left));
  t.equal(m[0], Math.fround(left + (0.5 * 3 * 255) / 4));
  t.equal(l[1], Math.fround(luma(10, 20, 30)));
  t.equal(m[1], Math.fround(luma(10, 20, 30) + 0.5 * 20));
});

t.test('grey has no chroma; alpha and pixels past the boxes are ignored', async (t) => {
  // 5 × 3 source, factor 2, 2 × 1 working: the last column and row are left out.
  const frame = new Uint8Array(5 * 3 * 4);
  for (let p = 0; p < 15; p++) frame.set([100, 100, 100, p * 17], p * 4);
  frame.set([255, 0, 0, 255], (2 * 5 + 4) * 4);
  const l = new Float32Array(2).fill(-1);
  const m = new Float32Array(2).fill(-1);
  workingChannelsJs(frame, 5, 2, 2, 1, l, m);
  t.same([...l], [100, 100].map(Math.fround));
  t.same([...m], [100, 100].map(Math.fround));
  const one = new Float32Array(1);
  const oneM = new Float32Array(1);
  workingChannelsJs(new Uint8Array([0, 128, 255, 0]), 1, 1, 1, 1, one, oneM);
  t.same([one[0], oneM[0]], [Math.fround(luma(0, 128, 255)), Math.fround(luma(0, 128, 255) + 127.5)], 'factor 1 copies');
});
