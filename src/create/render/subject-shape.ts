import type { SKRSContext2D } from '@napi-rs/canvas';
import { SUBJECT_RING } from '../../canon/subject.js';
import type { SceneSpec } from '../../model/scene.js';
import { luma } from '../../model/color.js';
import type { RGBTuple } from './math.js';
import { shotStops } from './shots.js';
import type { SubjectState } from './subject-path.js';
import { clamp } from '../../base/numbers.js';

/**
 * The subject: filled with the palette's complementary hue at the palette's mean luma (so it
 * barely shifts the luma field) and outlined by a dark and a light ring of equal width (strong
 * edges, zero-mean luma).
 */
export function drawSubject(ctx: SKRSContext2D, spec: SceneSpec, shot: number, s: SubjectState): void {
  const stops = shotStops(spec.palette.stops as RGBTuple[], shot);
  const mean = [0, 1, 2].map((ch) => stops.reduce((m, c) => m + c[ch], 0) / stops.length);
  const lm = luma(mean[0], mean[1], mean[2]);
  let comp = mean.map((v) => 255 - v);
  if (Math.max(...mean) - Math.min(...mean) < 30) comp = [235, 140, 40]; // grey palette: an orange accent
  const shift = lm - luma(comp[0], comp[1], comp[2]);
  const fill = `rgb(${comp.map((v) => Math.round(clamp(v + shift, 0, 255))).join(',')})`;
  const x = s.x;
  const y = s.y;
  const r = Math.max(2, s.size);
  const ring = Math.max(1, r * SUBJECT_RING);
  const outline = (path: () => void) => {
    ctx.beginPath();
    path();
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.strokeStyle = 'rgb(16,16,20)';
    ctx.lineWidth = 2 * ring;
    ctx.stroke();
    ctx.strokeStyle = 'rgb(240,240,236)';
    ctx.lineWidth = ring;
    ctx.stroke();
  };
  ctx.save();
  ctx.lineJoin = 'round';
  switch (spec.shape) {
    case 'circle':
      outline(() => ctx.arc(x, y, r, 0, 2 * Math.PI));
      break;
    case 'rect':
      outline(() => ctx.rect(x - r, y - r * 0.75, 2 * r, 1.5 * r));
      break;
    case 'arrow':
      ctx.translate(x, y);
      ctx.rotate(s.heading);
      outline(() => {
        ctx.moveTo(r, 0);
        ctx.lineTo(0, -0.8 * r);
        ctx.lineTo(0, -0.35 * r);
        ctx.lineTo(-r, -0.35 * r);
        ctx.lineTo(-r, 0.35 * r);
        ctx.lineTo(0, 0.35 * r);
        ctx.lineTo(0, 0.8 * r);
        ctx.closePath();
      });
      break;
    case 'character':
      // A blob body, a head and two eyes.
      outline(() => ctx.ellipse(x, y + 0.25 * r, 0.6 * r, 0.75 * r, 0, 0, 2 * Math.PI));
      outline(() => ctx.arc(x, y - 0.65 * r, 0.4 * r, 0, 2 * Math.PI));
      for (const side of [-1, 1]) {
        ctx.beginPath();
        ctx.arc(x + side * 0.16 * r, y - 0.7 * r, Math.max(0.6, 0.08 * r), 0, 2 * Math.PI);
        ctx.fillStyle = 'rgb(16,16,20)';
        ctx.fill();
      }
      break;
    default:
      break;
  }
  ctx.restore();
}
