import { binCentre, cellFamily, colorDepth, colorFamily, parseColorKey, stepOpacity } from '../model/color.js';
import { parseSoundKey, soundDepth } from '../model/sound.js';
import { canonicalOfKey } from '../model/dynamic.js';
import type { NormalizedObservation } from './observation.js';

/** The derived facts of a new entry: depth_breakdown, and family/shade for colors. */
export interface EntryFacts {
  depth_breakdown?: Record<string, unknown>;
  family?: string;
  shade?: string;
}

function colorFacts(o: NormalizedObservation): EntryFacts {
  const cell = parseColorKey(o.key);
  const { r, g, b, opacity } = o.fields as { r?: number; g?: number; b?: number; opacity?: number };
  const rgb = r !== undefined && g !== undefined && b !== undefined
    ? [r, g, b]
    : cell ? [binCentre(cell.r), binCentre(cell.g), binCentre(cell.b)] : null;
  if (!rgb) return {};
  const alpha = opacity ?? (cell ? stepOpacity(cell.step) : 1);
  const { family, shade } = cell ? cellFamily(cell) : colorFamily(rgb[0], rgb[1], rgb[2]);
  return { depth_breakdown: colorDepth(rgb[0], rgb[1], rgb[2], alpha), family, shade };
}

function soundFacts(o: NormalizedObservation): EntryFacts {
  const cell = parseSoundKey(o.key);
  const amplitude = typeof o.fields.amplitude === 'number' ? o.fields.amplitude : cell ? cell.band / 10 : null;
  const timbre = typeof o.fields.timbre === 'string' ? o.fields.timbre : cell?.timbre ?? null;
  if (amplitude === null || timbre === null) return {};
  return { depth_breakdown: { ...soundDepth(amplitude, timbre) } };
}

export function entryFacts(o: NormalizedObservation): EntryFacts {
  switch (o.registry) {
    case 'static_color':
      return colorFacts(o);
    case 'static_sound':
      return soundFacts(o);
    case 'dynamic': {
      const value = canonicalOfKey(o.domain, o.key) ?? String(o.fields.value ?? o.key);
      return { depth_breakdown: { [value]: typeof o.fields.strength === 'number' ? o.fields.strength : 1 } };
    }
    case 'narrative':
      return { depth_breakdown: { [o.domain]: o.key } };
  }
}
