import { NARRATIVE_ASPECTS, narrativeValues } from '../base/values.js';

export function isNarrativeAspect(aspect: string): boolean {
  return NARRATIVE_ASPECTS.includes(aspect);
}

/** A narrative value's key: trimmed and lower-cased. */
export function narrativeKey(value: string): string {
  return value.trim().toLowerCase();
}

export function isDeclaredNarrativeKey(aspect: string, key: string): boolean {
  return narrativeValues(aspect).includes(key);
}
