import { VALUES } from '../base/values.js';

const { channel_step: STEP, channel_levels: LEVELS } = VALUES.static_color;
const TOP_LEVEL = LEVELS[LEVELS.length - 1];

/**
 * The opacity grid. A cell's opacity is one of OPACITY_LEVELS values (21: 0, 0.05, …, 1), indexed
 * by its step 0…OPACITY_STEPS; OPACITY_STEPS (20) is the number of steps from transparent to opaque.
 */
export const OPACITY_LEVELS = VALUES.static_color.opacity_levels;
export const OPACITY_STEPS = OPACITY_LEVELS - 1;
/** The opacity step of an opaque cell (`…_1.0`). */
export const OPAQUE_STEP = OPACITY_STEPS;
/** The largest alpha byte: fully opaque. */
const ALPHA_MAX = 255;

/** Luma of an RGB colour (Rec. 601 weights), in the channels' unit. */
export const luma = (r: number, g: number, b: number): number => 0.299 * r + 0.587 * g + 0.114 * b;

export type ColorFamily = 'red' | 'orange' | 'yellow' | 'green' | 'teal' | 'blue' | 'purple' | 'pink' | 'brown' | 'gray' | 'white' | 'black';
export type ColorShade = 'deep' | 'mid' | 'light' | 'muted';

export interface ColorCell {
  r: number;
  g: number;
  b: number;
  /** Opacity step 0…20 (opacity = step / 20). */
  step: number;
}

export function quantizeChannel(v: number): number {
  const clamped = Math.min(255, Math.max(0, v));
  return Math.min(TOP_LEVEL, Math.floor(clamped / STEP) * STEP);
}

/** The opacity step of an opacity 0–1 (clamped), rounded to the nearest; an exact half never comes from an alpha byte. */
export function opacityStep(opacity: number): number {
  return Math.round(Math.min(1, Math.max(0, opacity)) * OPACITY_STEPS);
}

/** The opacity 0–1 of an alpha byte 0–255. */
export function byteOpacity(alpha: number): number {
  return alpha / ALPHA_MAX;
}

/** The opacity 0–1 of a step. */
export function stepOpacity(step: number): number {
  return step / OPACITY_STEPS;
}

/** Opacity as printed in keys: at least one decimal (`1.0`, `0.5`, `0.55`, `0.0`). */
export function formatOpacity(step: number): string {
  const value = stepOpacity(step);
  return step % 2 === 0 ? value.toFixed(1) : value.toFixed(2);
}

export function colorCellKey(cell: ColorCell): string {
  return `${cell.r},${cell.g},${cell.b}_${formatOpacity(cell.step)}`;
}

/** The cell a measured RGBA (channels 0–255, alpha 0–1) falls in. */
export function colorCell(r: number, g: number, b: number, alpha: number): ColorCell {
  return { r: quantizeChannel(r), g: quantizeChannel(g), b: quantizeChannel(b), step: opacityStep(alpha) };
}

let keyTable: string[] | undefined;

/** The key of a measured RGBA; keys come from a table in cell-index order, so no string is built. */
export function colorKey(r: number, g: number, b: number, alpha: number): string {
  keyTable ??= allColorKeys();
  const n = LEVELS.length;
  const index = ((quantizeChannel(r) / STEP) * n + quantizeChannel(g) / STEP) * n + quantizeChannel(b) / STEP;
  return keyTable[index * OPACITY_LEVELS + opacityStep(alpha)];
}

let cellsByKey: Map<string, ColorCell> | undefined;

/** The cell of a key of the declared space; null for anything else (including off-grid values). */
export function parseColorKey(key: string): ColorCell | null {
  if (!cellsByKey) {
    cellsByKey = new Map();
    for (const r of LEVELS) for (const g of LEVELS) for (const b of LEVELS) {
      for (let step = 0; step <= OPACITY_STEPS; step++) {
        const cell = { r, g, b, step };
        cellsByKey.set(colorCellKey(cell), cell);
      }
    }
  }
  const cell = cellsByKey.get(key);
  return cell ? { ...cell } : null;
}

/** The centre of a cell's channel bin (the top bin spans 250–255). */
export function binCentre(level: number): number {
  return level === TOP_LEVEL ? (TOP_LEVEL + 255) / 2 : level + STEP / 2;
}

export function allColorKeys(): string[] {
  const keys: string[] = [];
  for (const r of LEVELS) for (const g of LEVELS) for (const b of LEVELS) {
    for (let step = 0; step <= OPACITY_STEPS; step++) keys.push(colorCellKey({ r, g, b, step }));
  }
  return keys;
}

export const COLOR_SPACE_SIZE = LEVELS.length ** 3 * OPACITY_LEVELS;
export const OPACITY_KEYS = Array.from({ length: OPACITY_LEVELS }, (_, step) => formatOpacity(step));

const PRIMITIVES = Object.entries(VALUES.static_color.primitives);

export type ColorDepth = Record<string, number>;

/** The two nearest color primitives weighted by inverse distance, plus opacity, as integer percentages. */
export function colorDepth(r: number, g: number, b: number, alpha: number): ColorDepth {
  const ranked = PRIMITIVES
    .map(([name, [pr, pg, pb]]) => ({ name, d: Math.hypot(r - pr, g - pg, b - pb) }))
    .sort((x, y) => x.d - y.d);
  const [first, second] = ranked;
  const w2 = first.d + second.d === 0 ? 0 : first.d / (first.d + second.d);
  const secondPct = Math.round(w2 * 100);
  return {
    [first.name]: 100 - secondPct,
    [second.name]: secondPct,
    opacity: Math.round(Math.min(1, Math.max(0, alpha)) * 100),
  };
}

/** HSL with h in degrees and s, l in 0–1. */
export function rgbToHsl(r: number, g: number, b: number): { h: number; s: number; l: number } {
  const [rn, gn, bn] = [r / 255, g / 255, b / 255];
  const max = Math.max(rn, gn, bn);
  const min = Math.min(rn, gn, bn);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  let h: number;
  if (max === rn) h = ((gn - bn) / d) % 6;
  else if (max === gn) h = (bn - rn) / d + 2;
  else h = (rn - gn) / d + 4;
  h *= 60;
  if (h < 0) h += 360;
  return { h, s, l };
}

const HUE_FAMILIES = new Set<ColorFamily>(['red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple', 'pink']);

export function colorFamily(r: number, g: number, b: number): { family: ColorFamily; shade: ColorShade } {
  const { h, s, l } = rgbToHsl(r, g, b);
  let family: ColorFamily;
  if (l >= 0.92 && s < 0.2) family = 'white';
  else if (l <= 0.08) family = 'black';
  else if (s < 0.12) family = 'gray';
  else if (l < 0.45 && h >= 15 && h < 55) family = 'brown';
  else if (h < 15 || h >= 345) family = 'red';
  else if (h < 40) family = 'orange';
  else if (h < 70) family = 'yellow';
  else if (h < 160) family = 'green';
  else if (h < 195) family = 'teal';
  else if (h < 255) family = 'blue';
  else if (h < 290) family = 'purple';
  else family = 'pink';
  let shade: ColorShade;
  if (HUE_FAMILIES.has(family) && s < 0.28 && l > 0.15 && l < 0.85) shade = 'muted';
  else if (l < 0.35) shade = 'deep';
  else if (l > 0.68) shade = 'light';
  else shade = 'mid';
  return { family, shade };
}

/** A cell's family and shade, judged at its bin centre so that every cell has exactly one. */
export function cellFamily(cell: ColorCell): { family: ColorFamily; shade: ColorShade } {
  return colorFamily(binCentre(cell.r), binCentre(cell.g), binCentre(cell.b));
}
