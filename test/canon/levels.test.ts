import t, { type Test } from 'tap';
import {
  CAMERA_FAST_ABOVE, CAMERA_RATES, CAMERA_SLOW_BELOW, HANDHELD_MAX_JITTER, LOCKED_MAX_JITTER, ROTATE_MIN_RATE, SPEED_FACTOR,
  SPEED_REFERENCE, STABLE_MAX_JITTER, STEADINESS_JITTER, WHIP_MIN_SPEED, WHIP_PEAK,
} from '../../src/canon/camera.js';
import { ANCHORS, BALANCE_MIN_OFFSET_DOWN, BALANCE_MIN_OFFSET_UP, BALANCE_MIN_OFFSET_X } from '../../src/canon/composition.js';
import { ANGLED_DEG, AXIS_TOLERANCE_DEG } from '../../src/canon/gradient.js';
import { CONTRAST_STD, FLAT_MAX_STD, HIGH_MIN_STD, TEMPERATURE_RB, WARM_MIN_RB } from '../../src/canon/light.js';
import { FAST_RATE, MEDIUM_RATE, TEMPO_RATE_HZ } from '../../src/canon/sound.js';
import {
  AXIS_SECTOR_DEG, FLUID_MIN_BOW, FLUID_MIN_RADIAL_SWAY, FLUID_SWAY, MOTION_SPEED, RADIAL_AMPLITUDE, RADIAL_SPEED_LIMITS, RADIAL_SWAY, RHYTHM_HZ, SPEED_LIMITS,
  WAVE_HZ,
} from '../../src/canon/subject.js';

/**
 * Each analyzer threshold lies strictly between the two render levels it separates, so that moving
 * a level or a threshold past its neighbour fails here rather than silently in the precision bench.
 */

/** Asserts levels[0] < thresholds[0] < levels[1] < thresholds[1] < … (named, for the message). */
function alternates(t: Test, levels: Array<[string, number]>, thresholds: Array<[string, number]>): void {
  t.equal(thresholds.length, levels.length - 1, 'one threshold between each pair of levels');
  for (let k = 0; k < thresholds.length; k++) {
    const [lo, a] = levels[k];
    const [name, x] = thresholds[k];
    const [hi, b] = levels[k + 1];
    t.ok(a < x && x < b, `${lo} ${a} < ${name} ${x} < ${hi} ${b}`);
  }
}

/** The fastest of a move's layer rates, whatever their unit. */
function fastestRate(motion: string): number {
  const r = CAMERA_RATES[motion];
  return Math.max(...[...(r.vx ?? []), ...(r.vy ?? []), ...(r.scale ?? []), ...(r.rotation ?? [])].map(Math.abs));
}

const entries = (o: Record<string, number>, keys: string[]) => keys.map((k): [string, number] => [k, o[k]]);

t.test('camera speed: the slow, medium and fast factors straddle the speed ratio thresholds', async (t) => {
  alternates(t, entries(SPEED_FACTOR, ['slow', 'medium', 'fast']), [['CAMERA_SLOW_BELOW', CAMERA_SLOW_BELOW], ['CAMERA_FAST_ABOVE', CAMERA_FAST_ABOVE]]);
});

t.test('camera speed references are the renderer\'s medium rates', async (t) => {
  t.equal(SPEED_REFERENCE.pan, fastestRate('pan'));
  t.equal(SPEED_REFERENCE.tilt, fastestRate('tilt'));
  t.equal(SPEED_REFERENCE.truck, fastestRate('truck'));
  t.equal(SPEED_REFERENCE.pedestal, fastestRate('pedestal'));
  t.equal(SPEED_REFERENCE.tracking, fastestRate('tracking'));
  const arc = CAMERA_RATES.arc.vx ?? [];
  t.ok(Math.abs(SPEED_REFERENCE.arc - (Math.abs(arc[0]) + Math.abs(arc[2])) / 2) < 1e-9, 'arc: the mean of the extreme bands');
  t.equal(SPEED_REFERENCE.zoom, fastestRate('zoom'));
  t.equal(SPEED_REFERENCE.zoom_out, fastestRate('zoom_out'));
  t.equal(SPEED_REFERENCE.crane, Math.max(...(CAMERA_RATES.crane.scale ?? [])), 'crane: its scale rate');
  t.equal(SPEED_REFERENCE.birds_eye, Math.max(...(CAMERA_RATES.birds_eye.rotation ?? [])), 'birds_eye: its rotation rate');
  t.equal(SPEED_REFERENCE.roll, fastestRate('roll'));
  t.equal(SPEED_REFERENCE.rotate, fastestRate('rotate'));
  t.equal(SPEED_REFERENCE.whip_pan, WHIP_PEAK);
});

t.test('roll and rotate: the fastest roll turns slower than ROTATE_MIN_RATE, the slowest rotate faster', async (t) => {
  const roll = fastestRate('roll') * SPEED_FACTOR.fast;
  const rotate = fastestRate('rotate') * SPEED_FACTOR.slow;
  alternates(t, [['fast roll', roll], ['slow rotate', rotate]], [['ROTATE_MIN_RATE', ROTATE_MIN_RATE]]);
});

t.test('whip pan: even a slow whip peaks above WHIP_MIN_SPEED, which a fast pan stays under', async (t) => {
  const pan = fastestRate('pan') * SPEED_FACTOR.fast;
  alternates(t, [['fast pan', pan], ['slow whip', WHIP_PEAK * SPEED_FACTOR.slow]], [['WHIP_MIN_SPEED', WHIP_MIN_SPEED]]);
});

t.test('camera steadiness: each jitter level sits between its thresholds', async (t) => {
  alternates(t, entries(STEADINESS_JITTER, ['locked', 'stable', 'handheld', 'shaky']), [
    ['LOCKED_MAX_JITTER', LOCKED_MAX_JITTER], ['STABLE_MAX_JITTER', STABLE_MAX_JITTER], ['HANDHELD_MAX_JITTER', HANDHELD_MAX_JITTER],
  ]);
});

t.test('subject speed: the legs straddle the speed limits', async (t) => {
  alternates(t, entries(MOTION_SPEED, ['static', 'slow', 'medium', 'fast']), [
    ['static/slow', SPEED_LIMITS[0]], ['slow/medium', SPEED_LIMITS[1]], ['medium/fast', SPEED_LIMITS[2]],
  ]);
});

t.test('radial subject speed: ln(size) changes by 2 × RADIAL_AMPLITUDE a second, between the radial limits', async (t) => {
  const rates = Object.fromEntries(Object.entries(RADIAL_AMPLITUDE).map(([k, a]) => [k, 2 * a]));
  alternates(t, entries(rates, ['static', 'slow', 'medium', 'fast']), [
    ['static/slow', RADIAL_SPEED_LIMITS[0]], ['slow/medium', RADIAL_SPEED_LIMITS[1]], ['medium/fast', RADIAL_SPEED_LIMITS[2]],
  ]);
});

t.test('subject rhythm: the renderer\'s beat lies inside the band a wave is fitted in', async (t) => {
  alternates(t, [['WAVE_HZ from', WAVE_HZ[0]], ['WAVE_HZ to', WAVE_HZ[1]]], [['RHYTHM_HZ', RHYTHM_HZ]]);
});

t.test('subject smoothness: a smooth leg does not bow, a fluid one bows by FLUID_SWAY', async (t) => {
  alternates(t, [['smooth', 0], ['fluid', FLUID_SWAY]], [['FLUID_MIN_BOW', FLUID_MIN_BOW]]);
  // A radial subject's centre sways on a sine of amplitude RADIAL_SWAY: its rms spread is that over √2.
  alternates(t, [['smooth radial', 0], ['fluid radial', RADIAL_SWAY * Math.SQRT1_2]], [['FLUID_MIN_RADIAL_SWAY', FLUID_MIN_RADIAL_SWAY]]);
});

t.test('subject directionality: the axis sectors split the horizontal, diagonal and vertical legs', async (t) => {
  // The renderer's diagonal leg moves SQRT1_2 of its length along x and along y.
  const diagonal = (Math.atan2(Math.SQRT1_2, Math.SQRT1_2) * 180) / Math.PI;
  alternates(t, [['horizontal', 0], ['diagonal', diagonal], ['vertical', 90]], [
    ['AXIS_SECTOR_DEG', AXIS_SECTOR_DEG], ['90 − AXIS_SECTOR_DEG', 90 - AXIS_SECTOR_DEG],
  ]);
});

t.test('lighting contrast: the graded spreads straddle the contrast thresholds', async (t) => {
  alternates(t, entries(CONTRAST_STD, ['flat', 'normal', 'high']), [['FLAT_MAX_STD', FLAT_MAX_STD], ['HIGH_MIN_STD', HIGH_MIN_STD]]);
});

t.test('colour temperature: the graded red − blue straddles ±WARM_MIN_RB', async (t) => {
  alternates(t, entries(TEMPERATURE_RB, ['cool', 'neutral', 'warm']), [['−WARM_MIN_RB', -WARM_MIN_RB], ['WARM_MIN_RB', WARM_MIN_RB]]);
});

t.test('gradient: an axis, the tolerance, the angled range, the tolerance, the other axis', async (t) => {
  alternates(t, [['horizontal', 0], ['angled from', ANGLED_DEG[0]]], [['AXIS_TOLERANCE_DEG', AXIS_TOLERANCE_DEG]]);
  alternates(t, [['angled to', ANGLED_DEG[1]], ['vertical', 90]], [['90 − AXIS_TOLERANCE_DEG', 90 - AXIS_TOLERANCE_DEG]]);
});

t.test('balance: a heavy side\'s anchor lies beyond the offset a side is read heavy from', async (t) => {
  const [cx, cy] = ANCHORS.balanced;
  alternates(t, [['balanced', 0], ['left_heavy', cx - ANCHORS.left_heavy[0]]], [['BALANCE_MIN_OFFSET_X', BALANCE_MIN_OFFSET_X]]);
  alternates(t, [['balanced', 0], ['right_heavy', ANCHORS.right_heavy[0] - cx]], [['BALANCE_MIN_OFFSET_X', BALANCE_MIN_OFFSET_X]]);
  alternates(t, [['balanced', 0], ['top_heavy', cy - ANCHORS.top_heavy[1]]], [['BALANCE_MIN_OFFSET_UP', BALANCE_MIN_OFFSET_UP]]);
  alternates(t, [['balanced', 0], ['bottom_heavy', ANCHORS.bottom_heavy[1] - cy]], [['BALANCE_MIN_OFFSET_DOWN', BALANCE_MIN_OFFSET_DOWN]]);
});

t.test('sound tempo: the beat rates straddle the tempo thresholds', async (t) => {
  alternates(t, entries(TEMPO_RATE_HZ, ['slow', 'medium', 'fast']), [['MEDIUM_RATE', MEDIUM_RATE], ['FAST_RATE', FAST_RATE]]);
});
