import t from 'tap';
import { framesFor, paintFrames, tileLayout, tileMeans, type Rgba } from '../../../src/loop/sweep/tiles.js';

/** Every frame, copied as it is yielded (the generator reuses one buffer). */
const copies = (frames: Iterable<Uint8Array>) => Array.from(frames, (f) => f.slice());

/** The RGBA bytes of pixel (x, y). */
const pixel = (frame: Uint8Array, width: number, x: number, y: number) => [...frame.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];

t.test('tileLayout and framesFor', async (t) => {
  t.same(tileLayout(100, 50, 16), { width: 100, height: 50, tile: 16, columns: 6, rows: 3, perFrame: 18 });
  t.same(tileLayout(8, 8, 8), { width: 8, height: 8, tile: 8, columns: 1, rows: 1, perFrame: 1 });
  t.equal(tileLayout(7, 100, 8).perFrame, 0, 'narrower than one tile');
  const layout = tileLayout(100, 50, 16);
  t.same([0, 1, 18, 19, 36, 37].map((n) => framesFor(n, layout)), [0, 1, 1, 2, 2, 3]);
});

t.test('paintFrames: tiles row by row, leftover slots repeat the frame\'s colors', async (t) => {
  const layout = tileLayout(5, 4, 2);
  t.same([layout.columns, layout.rows, layout.perFrame], [2, 2, 4]);
  const colors: Rgba[] = [[10, 20, 30, 255], [40, 50, 60, 128], [70, 80, 90, 0], [1, 2, 3, 4], [300, -5, 12.5, 254.4], [9, 9, 9, 9]];
  const frames = copies(paintFrames(colors, layout));
  t.equal(frames.length, 2);
  t.equal(frames[0].length, 5 * 4 * 4);
  const f0 = frames[0];
  t.same([pixel(f0, 5, 0, 0), pixel(f0, 5, 1, 1)], [[10, 20, 30, 255], [10, 20, 30, 255]], 'slot 0 at the top left');
  t.same(pixel(f0, 5, 2, 0), [40, 50, 60, 128], 'slot 1 to its right');
  t.same(pixel(f0, 5, 0, 2), [70, 80, 90, 0], 'slot 2 starts the second row');
  t.same(pixel(f0, 5, 3, 3), [1, 2, 3, 4]);
  t.same(pixel(f0, 5, 4, 0), [0, 0, 0, 0], 'the column past the last tile stays empty');
  const f1 = frames[1];
  t.same(pixel(f1, 5, 0, 0), [255, 0, 13, 254], 'channels are clamped and rounded to bytes');
  t.same(pixel(f1, 5, 2, 0), [9, 9, 9, 9]);
  t.same(pixel(f1, 5, 0, 2), [255, 0, 13, 254], 'slot 2 repeats the first color of this frame');
  t.same(pixel(f1, 5, 3, 2), [9, 9, 9, 9]);
  t.same([...paintFrames([], layout)], [], 'no colors, no frames');
});

t.test('paintFrames reuses one buffer', async (t) => {
  const layout = tileLayout(2, 2, 2);
  const gen = paintFrames([[1, 1, 1, 1], [2, 2, 2, 2]], layout);
  const first = gen.next().value as Uint8Array;
  t.equal(first[0], 1);
  const second = gen.next().value as Uint8Array;
  t.equal(second, first, 'the same array');
  t.equal(first[0], 2, 'overwritten by the next frame');
});

t.test('tileMeans: the mean of each tile\'s interior', async (t) => {
  const layout = tileLayout(8, 4, 4);
  const [frame] = copies(paintFrames([[100, 100, 100, 255], [0, 50, 200, 10]], layout));
  t.same(tileMeans(frame, layout, 0), [[100, 100, 100, 255], [0, 50, 200, 10]]);
  // Spoil the border of the first tile: an inset of 1 no longer sees it.
  for (const [x, y] of [[0, 0], [3, 0], [0, 3], [3, 3], [1, 0]]) frame.set([0, 0, 0, 0], (y * 8 + x) * 4);
  t.same(tileMeans(frame, layout, 1)[0], [100, 100, 100, 255]);
  const whole = tileMeans(frame, layout, 0)[0];
  t.same(whole, [100 * 11 / 16, 100 * 11 / 16, 100 * 11 / 16, 255 * 11 / 16], 'without an inset it does');
  frame.set([20, 20, 20, 20], (1 * 8 + 1) * 4);
  t.same(tileMeans(frame, layout, 1)[0], [(100 * 3 + 20) / 4, (100 * 3 + 20) / 4, (100 * 3 + 20) / 4, (255 * 3 + 20) / 4], 'the interior is 2x2');
});
