/** Shots and transitions: when the shots change, each shot's palette order, and the blends between them. */
import { TRANSITION_SECONDS } from '../../canon/transition.js';
import type { SceneSpec } from '../../model/scene.js';
import type { RGBTuple } from './math.js';

export interface ShotSchedule {
  /** Transition centres in seconds (shots − 1 of them). */
  boundaries: number[];
  /** Transition length in seconds (0 for cut). */
  length: number;
  type: string;
}

/** When the shots change: boundaries at k·duration/shots, moved to the middle of their second when all still fit. */
export function shotSchedule(spec: SceneSpec): ShotSchedule {
  const n = Math.max(1, spec.transition.shots);
  const type = spec.transition.type;
  const shot = spec.duration / n;
  const length = type === 'cut' ? 0 : Math.min(TRANSITION_SECONDS, shot / 2);
  const even = Array.from({ length: n - 1 }, (_, k) => (spec.duration * (k + 1)) / n);
  const snapped = even.map((c) => Math.floor(c) + 0.5);
  const fits = snapped.every((c, k) => c - length / 2 >= (k === 0 ? 0 : snapped[k - 1] + length / 2 + 1 / spec.fps)
    && c + length / 2 <= spec.duration);
  return { boundaries: n > 1 && fits && spec.duration >= 1 ? snapped : even, length, type };
}

export interface ShotMix { a: number; b: number; p: number }

export function shotMixAt(s: ShotSchedule, t: number): ShotMix {
  let shot = 0;
  for (const c of s.boundaries) {
    if (s.length > 0 && t >= c - s.length / 2 && t < c + s.length / 2) {
      return { a: shot, b: shot + 1, p: (t - (c - s.length / 2)) / s.length };
    }
    if (t >= c) shot++;
  }
  return { a: shot, b: shot, p: 0 };
}

/** The palette of shot k: stops as given, reversed on odd shots, rotated further on later ones. */
export function shotStops(stops: RGBTuple[], k: number): RGBTuple[] {
  const rot = Math.floor(k / 2) % stops.length;
  const rotated = [...stops.slice(rot), ...stops.slice(0, rot)];
  return k % 2 === 1 ? rotated.reverse() : rotated;
}

/** Mixes two shots' frames `a` and `b` into `out` by the transition `type`, `mix.p` of the way through. */
export function blendShots(type: string, width: number, mix: ShotMix, a: Uint8Array, b: Uint8Array, out: Uint8Array): void {
  const p = mix.p;
  const W = width;
  switch (type) {
    case 'fade': {
      const src = p < 0.5 ? a : b;
      const k = Math.abs(1 - 2 * p);
      for (let o = 0; o < out.length; o += 4) {
        out[o] = Math.round(src[o] * k);
        out[o + 1] = Math.round(src[o + 1] * k);
        out[o + 2] = Math.round(src[o + 2] * k);
      }
      break;
    }
    case 'wipe': {
      const edge = Math.round(p * W);
      for (let o = 0, px = 0; o < out.length; o += 4, px++) {
        const src = px % W < edge ? b : a;
        out[o] = src[o];
        out[o + 1] = src[o + 1];
        out[o + 2] = src[o + 2];
      }
      break;
    }
    default: { // dissolve
      for (let o = 0; o < out.length; o += 4) {
        out[o] = Math.round(a[o] * (1 - p) + b[o] * p);
        out[o + 1] = Math.round(a[o + 1] * (1 - p) + b[o + 1] * p);
        out[o + 2] = Math.round(a[o + 2] * (1 - p) + b[o + 2] * p);
      }
    }
  }
}
