import t from 'tap';
import { VALUES } from '../../../src/base/values.js';
import { OPAQUE_STEP, type ColorCell } from '../../../src/model/color.js';
import { CodecShift, cellCentre, clampRgba, correctedAim } from '../../../src/loop/sweep/codec-shift.js';

// The opacity grid is read from the model, so that these tests hold whatever its resolution.
const alphaOf = (step: number) => (step * 255) / (VALUES.static_color.opacity_levels - 1);
const MID = Math.floor(OPAQUE_STEP / 2);
const cell = (r: number, g: number, b: number, step = OPAQUE_STEP): ColorCell => ({ r, g, b, step });

t.test('cellCentre: the middle of each channel bin, the top bin 250–255', async (t) => {
  t.same(cellCentre(cell(0, 100, 250)), [12.5, 112.5, 252.5, 255]);
  t.same(cellCentre(cell(225, 25, 50, 0)), [237.5, 37.5, 62.5, 0]);
  t.same(cellCentre(cell(0, 0, 0, MID)), [12.5, 12.5, 12.5, alphaOf(MID)]);
});

t.test('clampRgba rounds to bytes', async (t) => {
  t.same(clampRgba([-3, 255.6, 12.4, 300]), [0, 255, 12, 255]);
  t.same(clampRgba([12.5, 0.49, 254.5, -0.4]), [13, 0, 255, 0]);
});

t.test('nothing measured: no shift, aim at the centre', async (t) => {
  const shift = new CodecShift();
  t.equal(shift.measured, 0);
  t.same(shift.shiftOf(cell(100, 100, 100)), [0, 0, 0, 0]);
  t.same(shift.aimFor(cell(0, 100, 250)), [13, 113, 253, 255]);
  t.same(shift.aimFor(cell(0, 0, 0, 0)), [13, 13, 13, 0]);
});

t.test('a measured shift is the running mean per grid point, alpha per opacity step', async (t) => {
  const shift = new CodecShift();
  const black = cell(0, 0, 0);
  shift.measure(black, [12, 12, 12, 255], [15, 10, 12, 250]);
  t.equal(shift.measured, 1);
  t.same(shift.shiftOf(black), [3, -2, 0, -5]);
  shift.measure(black, [12, 12, 12, 255], [17, 10, 13, 255]);
  t.equal(shift.measured, 2);
  t.same(shift.shiftOf(black), [4, -2, 0.5, -2.5]);
  t.same(shift.aimFor(black), clampRgba([12.5 - 4, 12.5 + 2, 12.5 - 0.5, 255 + 2.5]));
  t.same(shift.shiftOf(cell(0, 0, 0, 0)), [4, -2, 0.5, 0], 'another opacity step has no alpha shift yet');
});

t.test('an unmeasured grid point borrows the nearest measured one', async (t) => {
  const shift = new CodecShift();
  shift.measure(cell(0, 0, 0), [0, 0, 0, 255], [1, 1, 1, 255]);
  t.same(shift.shiftOf(cell(250, 250, 250)), [1, 1, 1, 0], 'the only one, however far');
  shift.measure(cell(250, 250, 250), [0, 0, 0, 255], [-4, -4, -4, 255]);
  t.same(shift.shiftOf(cell(250, 250, 250)), [-4, -4, -4, 0], 'the cache is rebuilt after a measurement');
  t.same(shift.shiftOf(cell(225, 250, 250)), [-4, -4, -4, 0]);
  t.same(shift.shiftOf(cell(25, 0, 25)), [1, 1, 1, 0]);
  shift.measure(cell(50, 0, 0), [0, 0, 0, 255], [7, 0, 0, 255]);
  t.same(shift.shiftOf(cell(25, 0, 0)), [1, 1, 1, 0], 'a tie goes to the lower grid index');
  t.same(shift.shiftOf(cell(75, 0, 0)), [7, 0, 0, 0]);
  t.equal(shift.measured, 3);
});

t.test('correctedAim moves the last aim by the miss', async (t) => {
  const c = cell(100, 100, 100);
  t.same(correctedAim(c, [112, 113, 112, 255], [110, 115, 112, 250]), [115, 111, 113, 255]);
  t.same(correctedAim(c, [113, 113, 113, 255], [112.5, 112.5, 112.5, 255]), [113, 113, 113, 255], 'a hit keeps the aim');
  t.same(correctedAim(cell(0, 0, 0, 0), [0, 0, 0, 0], [20, 5, 3, 9]), [0, 8, 10, 0], 'within bytes');
});
