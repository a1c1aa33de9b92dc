import t from 'tap';
import { FrameHistogram } from '../../../src/extract/color/histogram.js';
import { analyzeFrame } from '../../../src/extract/color/frame-analysis.js';

const frameOf = (pixels: number[][]) => new Uint8Array(pixels.flat());

t.test('the mean RGBA and the cells holding at least minShare of the pixels', async (t) => {
  const histogram = new FrameHistogram();
  const frame = frameOf([[200, 10, 10, 255], [210, 20, 0, 255], [220, 0, 20, 255], [0, 0, 200, 255], [0, 0, 200, 51], [40, 40, 40, 255], [40, 40, 40, 255], [40, 40, 40, 255]]);
  const x = analyzeFrame(histogram, frame, 0.25);
  t.equal(x.pixels, 8);
  t.same(x.mean, [(200 + 210 + 220 + 120) / 8, (10 + 20 + 120) / 8, (10 + 20 + 400 + 120) / 8, (255 * 7 + 51) / 8]);
  t.same(x.dominant, [[210, 10, 10, 255, 3], [40, 40, 40, 255, 3]], 'in first-seen order, each with its mean and count');
  t.same(analyzeFrame(histogram, frame, 0.125).dominant, [[210, 10, 10, 255, 3], [0, 0, 200, 255, 1], [0, 0, 200, 51, 1], [40, 40, 40, 255, 3]],
    'the same frame again: the histogram was reset, and opacity makes its own cell');
  t.same(analyzeFrame(histogram, frame, 0.5).dominant, [], 'no cell holds half');
  t.same(analyzeFrame(histogram, frame, 0).dominant.length, 4, 'minShare 0: every cell');
});

t.test('a one-colour frame is one dominant cell equal to its mean', async (t) => {
  const x = analyzeFrame(new FrameHistogram(), frameOf(Array.from({ length: 16 }, () => [1, 2, 3, 4])), 1);
  t.same(x, { pixels: 16, mean: [1, 2, 3, 4], dominant: [[1, 2, 3, 4, 16]] });
});
