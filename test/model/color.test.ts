import t from 'tap';
import {
  binCentre, byteOpacity, cellFamily, COLOR_SPACE_SIZE, colorCell, colorCellKey, colorKey, formatOpacity, OPACITY_KEYS,
  OPACITY_LEVELS, OPACITY_STEPS, OPAQUE_STEP, opacityStep, parseColorKey, quantizeChannel, rgbToHsl, stepOpacity,
} from '../../src/model/color.js';

t.test('the opacity grid: 21 levels, 20 steps from transparent to opaque', async (t) => {
  t.equal(OPACITY_LEVELS, 21);
  t.equal(OPACITY_STEPS, 20);
  t.equal(OPAQUE_STEP, 20);
  t.equal(COLOR_SPACE_SIZE, 11 ** 3 * 21);
  t.same(OPACITY_KEYS, ['0.0', '0.05', '0.1', '0.15', '0.2', '0.25', '0.3', '0.35', '0.4', '0.45', '0.5',
    '0.55', '0.6', '0.65', '0.7', '0.75', '0.8', '0.85', '0.9', '0.95', '1.0']);
});

t.test('opacityStep rounds to the nearest step, halves up, and clamps', async (t) => {
  t.same([0, 0.024, 0.025, 0.026, 0.5, 0.74, 0.975, 1].map(opacityStep), [0, 0, 1, 1, 10, 15, 20, 20]);
  t.same([-1, -0.01, 1.01, 2, Infinity, -Infinity].map(opacityStep), [0, 0, 20, 20, 20, 0]);
});

t.test('byteOpacity and stepOpacity; no alpha byte lands on half a step', async (t) => {
  t.same([0, 51, 255].map(byteOpacity), [0, 0.2, 1]);
  t.equal(byteOpacity(128), 128 / 255);
  t.same([0, 1, 10, 11, 19, 20].map(stepOpacity), [0, 0.05, 0.5, 0.55, 0.95, 1]);
  for (let alpha = 0; alpha <= 255; alpha++) {
    const steps = byteOpacity(alpha) * OPACITY_STEPS;
    if (Math.abs(steps - Math.floor(steps) - 0.5) < 1e-9) t.fail(`alpha ${alpha} is half a step`);
  }
  t.equal(opacityStep(byteOpacity(128)), 10);
  t.equal(opacityStep(byteOpacity(127)), 10);
  t.equal(opacityStep(byteOpacity(6)), 0);
  t.equal(opacityStep(byteOpacity(7)), 1);
  for (let step = 0; step <= OPACITY_STEPS; step++) t.equal(opacityStep(stepOpacity(step)), step, `step ${step} round-trips`);
});

t.test('formatOpacity prints even steps with one decimal, odd ones with two', async (t) => {
  t.same([0, 1, 2, 9, 10, 13, 20].map(formatOpacity), ['0.0', '0.05', '0.1', '0.45', '0.5', '0.65', '1.0']);
});

t.test('channels quantize to 25-wide bins, the top bin spanning 250–255', async (t) => {
  t.same([-3, 0, 24.9, 25, 49.99, 249, 250, 255, 300].map(quantizeChannel), [0, 0, 0, 25, 25, 225, 250, 250, 250]);
  t.same([0, 25, 225, 250].map(binCentre), [12.5, 37.5, 237.5, 252.5]);
  t.same(colorCell(260, -1, 130, 0.52), { r: 250, g: 0, b: 125, step: 10 });
  t.equal(colorCellKey({ r: 0, g: 25, b: 250, step: 3 }), '0,25,250_0.15');
  t.equal(colorCellKey(colorCell(12, 40, 251, 1)), colorKey(12, 40, 251, 1), 'the table agrees with the cell');
});

t.test('keys parse back to their cell; anything else is null', async (t) => {
  t.same(parseColorKey('250,250,250_0.0'), { r: 250, g: 250, b: 250, step: 0 });
  t.same(parseColorKey('0,25,250_0.15'), { r: 0, g: 25, b: 250, step: 3 });
  for (const bad of ['', '250,250,250_0.00', '250,250,250', '250,250,250_1.00', '255,0,0_1.0', ' 0,0,0_1.0', '0,0,0_1.05']) {
    t.equal(parseColorKey(bad), null, JSON.stringify(bad));
  }
  const a = parseColorKey('0,0,0_1.0')!;
  a.r = 99;
  t.same(parseColorKey('0,0,0_1.0'), { r: 0, g: 0, b: 0, step: 20 }, 'callers get a copy');
});

t.test('rgbToHsl', async (t) => {
  t.same(rgbToHsl(255, 0, 0), { h: 0, s: 1, l: 0.5 });
  t.same(rgbToHsl(0, 255, 0), { h: 120, s: 1, l: 0.5 });
  t.same(rgbToHsl(0, 0, 255), { h: 240, s: 1, l: 0.5 });
  t.same(rgbToHsl(0, 0, 0), { h: 0, s: 0, l: 0 });
  t.same(rgbToHsl(255, 255, 255), { h: 0, s: 0, l: 1 });
  const magenta = rgbToHsl(255, 0, 128);
  t.ok(Math.abs(magenta.h - 329.882) < 0.001, `hue wraps below 360: ${magenta.h}`);
  t.same([magenta.s, magenta.l], [1, 0.5]);
  const dark = rgbToHsl(51, 0, 0);
  t.same([dark.h, dark.s, dark.l], [0, 1, 0.1], 'saturation below half lightness');
});

t.test('a cell\'s family and shade are judged at its bin centre', async (t) => {
  t.same(cellFamily({ r: 250, g: 250, b: 250, step: 0 }), { family: 'white', shade: 'light' });
  t.same(cellFamily({ r: 0, g: 0, b: 0, step: 20 }), { family: 'black', shade: 'deep' });
  t.same(cellFamily({ r: 100, g: 50, b: 0, step: 20 }), { family: 'brown', shade: 'deep' });
  t.same(cellFamily({ r: 250, g: 125, b: 0, step: 20 }), { family: 'orange', shade: 'mid' });
  t.same(cellFamily({ r: 0, g: 200, b: 200, step: 20 }), { family: 'teal', shade: 'mid' });
  t.same(cellFamily({ r: 250, g: 250, b: 0, step: 20 }), { family: 'yellow', shade: 'mid' });
  t.same(cellFamily({ r: 0, g: 0, b: 0, step: 0 }), cellFamily({ r: 0, g: 0, b: 0, step: 20 }), 'opacity plays no part');
});
