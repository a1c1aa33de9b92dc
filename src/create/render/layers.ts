/**
 * The scenery of a shot: the palette as a screen-fixed backdrop of `gradient.type`, and three
 * periodic depth layers (far, mid, near), each seen in its own screen band and moved by its own
 * camera transform, weighted towards the heavy side of the balance.
 */
import { createCanvas, type Canvas, type CanvasGradient, type CanvasPattern, type SKRSContext2D } from '@napi-rs/canvas';
import { mulberry32 } from '../../base/random.js';
import { ANCHORS, BALANCE_WEIGHT } from '../../canon/composition.js';
import { ANGLED_DEG } from '../../canon/gradient.js';
import type { SceneSpec } from '../../model/scene.js';
import type { CameraState } from './camera.js';
import { luma } from '../../model/color.js';
import { hashInt, mod, type RGBTuple } from './math.js';
import { shotStops } from './shots.js';

/** The screen band (fractions of the height) each of the three depth layers, far to near, is seen in. */
export const BANDS: ReadonlyArray<readonly [number, number]> = [[0, 1 / 3], [1 / 3, 2 / 3], [2 / 3, 1]];
/** Bands cross-fade over ± this fraction of the height around their shared edges (no static edge). */
const BAND_FEATHER = 0.05;

const rgb = (c: RGBTuple) => `rgb(${c[0]},${c[1]},${c[2]})`;

/**
 * Per band: horizontal strips [y0, y1, weight] that together draw the band with feathered edges.
 * Each band fades in and out over ±BAND_FEATHER of the height at its inner edges, drawn as strips of
 * about two pixels with stepped weights (no extra canvas, no mask pass).
 */
function bandStrips(H: number): Array<Array<[number, number, number]>> {
  const f = BAND_FEATHER * H;
  const steps = Math.max(2, Math.round((2 * f) / 2));
  return BANDS.map(([b0, b1]) => {
    const strips: Array<[number, number, number]> = [];
    const top = b0 * H;
    const bottom = b1 * H;
    const core0 = b0 === 0 ? 0 : Math.round(top + f);
    const core1 = b1 === 1 ? H : Math.round(bottom - f);
    const ramp = (from: number, to: number, rising: boolean) => {
      for (let k = 0; k < steps; k++) {
        const y0 = Math.round(from + ((to - from) * k) / steps);
        const y1 = Math.round(from + ((to - from) * (k + 1)) / steps);
        const w = (k + 0.5) / steps;
        if (y1 > y0) strips.push([y0, y1, rising ? w : 1 - w]);
      }
    };
    if (b0 > 0) ramp(top - f, top + f, true);
    strips.push([core0, core1, 1]);
    if (b1 < 1) ramp(bottom - f, bottom + f, false);
    return strips;
  });
}

/** Draws a spec's scenery; keeps the last few shots' backdrops and textures. */
export class Scenery {
  private readonly detail: Canvas;
  private readonly dctx: SKRSContext2D;
  private readonly mask: CanvasGradient | null;
  private readonly maskAlpha: number;
  private readonly bandStrips: Array<Array<[number, number, number]>>;
  private readonly backdrops = new Map<number, Canvas>();
  private readonly textures = new Map<number, Canvas[]>();
  private readonly patterns = new Map<number, CanvasPattern[]>();

  constructor(private readonly spec: SceneSpec, private readonly width: number, private readonly height: number) {
    const W = width;
    const H = height;
    this.detail = createCanvas(W, H);
    this.dctx = this.detail.getContext('2d');
    this.bandStrips = bandStrips(H);

    // Balance: the layers' contrast weight across the frame.
    const balance = spec.composition.balance;
    const { heavy, light } = BALANCE_WEIGHT;
    this.maskAlpha = BALANCE_WEIGHT.even;
    this.mask = null;
    if (balance !== 'balanced' && balance in ANCHORS) {
      const horizontal = balance === 'left_heavy' || balance === 'right_heavy';
      const g = horizontal ? this.dctx.createLinearGradient(0, 0, W, 0) : this.dctx.createLinearGradient(0, 0, 0, H);
      const first = balance === 'left_heavy' || balance === 'top_heavy' ? heavy : light;
      const last = first === heavy ? light : heavy;
      g.addColorStop(0, `rgba(0,0,0,${first})`);
      g.addColorStop(0.35, `rgba(0,0,0,${first})`);
      g.addColorStop(0.65, `rgba(0,0,0,${last})`);
      g.addColorStop(1, `rgba(0,0,0,${last})`);
      this.mask = g;
      this.maskAlpha = 1;
    }
  }

  /** Draws shot `shot`'s backdrop and depth layers, as the camera `cam` sees them, into `ctx` (opaque). */
  paint(ctx: SKRSContext2D, shot: number, cam: CameraState): void {
    const { width: W, height: H, dctx } = this;
    // Depth layers into the detail canvas, then the balance weight.
    dctx.setTransform(1, 0, 0, 1, 0, 0);
    dctx.globalCompositeOperation = 'source-over';
    dctx.globalAlpha = 1;
    dctx.clearRect(0, 0, W, H);
    const cx = W / 2;
    const cy = H / 2;
    const patterns = this.layerPatterns(shot);
    for (let l = 0; l < 3; l++) {
      const tr = cam.layers[l];
      const pattern = patterns[l];
      const octaves: Array<[number, number]> = [];
      if (tr.logScale === 0) {
        octaves.push([1, 1]);
      } else {
        const o = tr.logScale / Math.LN2;
        const frac = o - Math.floor(o);
        octaves.push([2 ** frac, 1 - frac], [2 ** (frac - 1), frac]);
      }
      for (const [s, w] of octaves) {
        if (w <= 0) continue;
        const cos = Math.cos(tr.rotation) * s;
        const sin = Math.sin(tr.rotation) * s;
        // Without rotation the texture repeats every s·W × s·H on screen: wrap long translations
        // (exact, and keeps the float32 matrix precise in long clips).
        const tx = tr.rotation === 0 ? mod(tr.tx, s * W) : tr.tx;
        const ty = tr.rotation === 0 ? mod(tr.ty, s * H) : tr.ty;
        pattern.setTransform({
          a: cos, b: sin, c: -sin, d: cos,
          e: cx + tx - (cos * cx - sin * cy),
          f: cy + ty - (sin * cx + cos * cy),
        });
        dctx.fillStyle = pattern;
        for (const [y0, y1, weight] of this.bandStrips[l]) {
          dctx.globalAlpha = w * weight;
          dctx.fillRect(0, y0, W, y1 - y0);
        }
      }
    }
    dctx.globalAlpha = 1;
    if (this.mask !== null) {
      dctx.globalCompositeOperation = 'destination-in';
      dctx.fillStyle = this.mask;
      dctx.fillRect(0, 0, W, H);
      dctx.globalCompositeOperation = 'source-over';
    }

    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
    ctx.drawImage(this.backdrop(shot), 0, 0);
    ctx.globalAlpha = this.maskAlpha;
    ctx.drawImage(this.detail, 0, 0);
    ctx.globalAlpha = 1;
  }

  private backdrop(shot: number): Canvas {
    const key = shot;
    let c = this.backdrops.get(key);
    if (c !== undefined) return c;
    const { width: W, height: H } = this;
    c = createCanvas(W, H);
    const ctx = c.getContext('2d');
    const stops = shotStops(this.spec.palette.stops as RGBTuple[], shot);
    let g: CanvasGradient;
    const type = this.spec.gradient.type;
    if (type === 'radial') {
      // An ellipse of the frame's aspect (drawn in a frame scaled to a square of side H).
      ctx.setTransform(W / H, 0, 0, 1, 0, 0);
      g = ctx.createRadialGradient(H / 2, H / 2, 0, H / 2, H / 2, Math.SQRT2 * H / 2);
    } else {
      let deg = type === 'horizontal' ? 0 : 90;
      if (type === 'angled') {
        const a = ((this.spec.gradient.angle % 360) + 360) % 360;
        deg = Math.floor(a / 90) * 90 + ANGLED_DEG[0] + ((a % 90) / 90) * (ANGLED_DEG[1] - ANGLED_DEG[0]);
      }
      const rad = (deg * Math.PI) / 180;
      const vx = Math.cos(rad);
      const vy = Math.sin(rad);
      const half = (Math.abs(W * vx) + Math.abs(H * vy)) / 2;
      g = ctx.createLinearGradient(W / 2 - vx * half, H / 2 - vy * half, W / 2 + vx * half, H / 2 + vy * half);
    }
    stops.forEach((s, k) => g.addColorStop(k / (stops.length - 1), rgb(s)));
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, W, H);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (this.backdrops.size >= 4) this.backdrops.clear();
    this.backdrops.set(key, c);
    return c;
  }

  /** The three periodic layer textures of a shot (tile = the frame size). */
  private layerTextures(shot: number): Canvas[] {
    let list = this.textures.get(shot);
    if (list !== undefined) return list;
    const { width: W, height: H } = this;
    const U = Math.min(W, H);
    const rng = mulberry32(hashInt(this.spec.seed, 0x7e47, shot));
    const between = (a: number, b: number) => a + (b - a) * rng();
    // Light and dark features move luma by the same amount on the palette's mean (zero-mean texture).
    const stops = this.spec.palette.stops;
    const mean = stops.reduce((m, c) => m + luma(c[0], c[1], c[2]), 0) / stops.length;
    list = [0, 1, 2].map((layer) => {
      const c = createCanvas(W, H);
      const ctx = c.getContext('2d');
      const excursion = [0.4, 0.45, 0.5][layer] * 128;
      const alphaLight = Math.min(0.95, excursion / Math.max(1, 255 - mean));
      const alphaDark = Math.min(0.95, excursion / Math.max(1, mean));
      const area = (W * H) / (U * U);
      const features: Array<(ctx: SKRSContext2D) => void> = [];
      const n = Math.max(4, Math.round([34, 16, 9][layer] * area));
      for (let k = 0; k < n; k++) {
        const x = rng() * W;
        const y = rng() * H;
        const light = k % 2 === 0;
        const style = light ? `rgba(255,255,255,${alphaLight})` : `rgba(0,0,0,${alphaDark})`;
        if (layer === 0) {
          const dash = k % 3 === 2;
          const rx = dash ? between(0.05, 0.09) * U : between(0.014, 0.032) * U;
          const ry = dash ? between(0.012, 0.02) * U : rx;
          features.push((g) => { g.fillStyle = style; g.beginPath(); g.ellipse(x, y, rx, ry, 0, 0, 2 * Math.PI); g.fill(); });
        } else if (layer === 1) {
          const w = between(0.05, 0.14) * U;
          const h = between(0.05, 0.16) * U;
          features.push((g) => { g.fillStyle = style; g.fillRect(x - w / 2, y - h / 2, w, h); });
        } else if (k % 3 === 2) {
          const r = between(0.08, 0.15) * U;
          const a0 = rng() * 2 * Math.PI;
          features.push((g) => {
            g.fillStyle = style;
            g.beginPath();
            for (let v = 0; v < 3; v++) {
              const a = a0 + (v * 2 * Math.PI) / 3;
              if (v === 0) g.moveTo(x + r * Math.cos(a), y + r * Math.sin(a)); else g.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
            }
            g.closePath();
            g.fill();
          });
        } else {
          const r = between(0.06, 0.13) * U;
          features.push((g) => { g.fillStyle = style; g.beginPath(); g.arc(x, y, r, 0, 2 * Math.PI); g.fill(); });
        }
      }
      // Periodic tile: every feature in its 9 wrapped positions.
      for (const dy of [-H, 0, H]) {
        for (const dx of [-W, 0, W]) {
          ctx.setTransform(1, 0, 0, 1, dx, dy);
          for (const f of features) f(ctx);
        }
      }
      return c;
    });
    if (this.textures.size >= 4) this.textures.clear();
    this.textures.set(shot, list);
    return list;
  }

  private layerPatterns(shot: number): CanvasPattern[] {
    let list = this.patterns.get(shot);
    if (list === undefined) {
      list = this.layerTextures(shot).map((c) => {
        const p = this.dctx.createPattern(c, 'repeat');
        if (p === null) throw new Error('canvas pattern could not be created');
        return p;
      });
      if (this.patterns.size >= 4) this.patterns.clear();
      this.patterns.set(shot, list);
    }
    return list;
  }
}
