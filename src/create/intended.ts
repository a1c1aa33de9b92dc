import { domainValue } from './spec.js';
import { DOMAIN_FIELDS, type SceneSpec, type SpecDomain } from '../model/scene.js';
import type { Observation, Source } from '../model/records.js';
import { combinationKey } from '../model/combination.js';

/**
 * The values a clip was made to express, recorded with origin `intended`: every dynamic domain,
 * both combination spaces and every narrative aspect (and genre × mood × themes).
 */
export function intendedObservations(spec: SceneSpec, source: Source, prompt?: string): Observation[] {
  const common = { origin: 'intended' as const, source, ...(prompt ? { prompt } : {}) };
  const out: Observation[] = (Object.keys(DOMAIN_FIELDS) as SpecDomain[]).map((domain) => ({
    registry: 'dynamic', domain, value: domainValue(spec, domain), ...common,
    ...(domain === 'camera_motion' ? { speed: spec.camera.speed, steadiness: spec.camera.steadiness } : {}),
    ...(domain === 'gradient_type' ? { strength: 1 } : {}),
  }));
  out.push(
    { registry: 'dynamic', domain: 'gradient_camera', value: combinationKey([spec.gradient.type, spec.camera.motion]), ...common },
    { registry: 'dynamic', domain: 'sound_tempo_mood_presence', value: combinationKey([spec.audio.tempo, spec.audio.mood, spec.audio.presence]), ...common },
  );
  for (const [aspect, value] of Object.entries(spec.narrative)) out.push({ registry: 'narrative', domain: aspect, value, ...common });
  out.push({
    registry: 'narrative', domain: 'genre_mood_themes',
    value: combinationKey([spec.narrative.genre, spec.narrative.mood, spec.narrative.themes]), ...common,
  });
  return out;
}
