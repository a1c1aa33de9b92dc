import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DIR } from './paths.js';

export type RGB = readonly [number, number, number];
export type Evidence = 'observed' | 'intended';

/** The shape of `config/origins.json`: every canonical value list the service knows. */
export interface ValueLists {
  static_color: {
    channel_step: number;
    channel_levels: number[];
    opacity_levels: number;
    primitives: Record<string, RGB>;
    families: string[];
    shades: string[];
  };
  static_sound: {
    primitives: string[];
    extended_primitives: string[];
    tone_bands_hz: Record<'low' | 'mid' | 'high', [number, number | null]>;
    silence_amplitude: number;
    timbre_bands: Record<string, string[]>;
    amplitude_bands: number;
  };
  dynamic: Record<string, string[]>;
  dynamic_domains: Record<string, Evidence>;
  dynamic_combinations: Record<string, string[]>;
  narrative: {
    aspect_to_origin: Record<string, string>;
    combinations: Record<string, string[]>;
  } & Record<string, unknown>;
  palettes: Record<string, RGB[]>;
}

export const VALUES: ValueLists = JSON.parse(readFileSync(join(CONFIG_DIR, 'origins.json'), 'utf8')) as ValueLists;

/** The canonical value list behind a narrative aspect (mood reads `tone`, plots read `tension_curve`). */
export function narrativeValues(aspect: string): string[] {
  const list = VALUES.narrative[VALUES.narrative.aspect_to_origin[aspect]];
  if (!Array.isArray(list)) throw new Error(`no canonical list for narrative aspect ${aspect}`);
  return list as string[];
}

export const NARRATIVE_ASPECTS = Object.keys(VALUES.narrative.aspect_to_origin);
export const DYNAMIC_DOMAINS = Object.keys(VALUES.dynamic_domains);
/** Combination cells join their component values with this separator, e.g. `radial+pan`. */
export const COMBINATION_SEPARATOR = '+';
/** Combination spaces, dynamic and narrative, by domain name. */
export const COMBINATION_SPACES = [...Object.keys(VALUES.dynamic_combinations), ...Object.keys(VALUES.narrative.combinations)];
