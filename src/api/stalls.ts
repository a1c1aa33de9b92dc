import type { StrategyName } from '../loop/strategy-names.js';
import { REGISTRIES, type RegistryName } from '../model/registries.js';
import type { LoopStatusReport } from './loop-status.js';

/** A registry that has gained no coverage for this long gets a reason. */
export const QUIET_MINUTES = 10;

/** The registries each strategy records toward. */
const AIMS: Record<StrategyName, readonly RegistryName[]> = {
  color_sweep: ['static_color'], color_sweep_h264: ['static_color'], color_sweep_vp9: ['static_color'],
  sound_sweep: ['static_sound'],
  fill_tempo_mood_presence: ['dynamic'], fill_gradient_camera: ['dynamic'],
  explore: REGISTRIES, exploit: REGISTRIES, narrative: ['narrative'],
};

/** What a registry's headline counts, and the strategy that fills it fastest. */
const WHAT: Record<RegistryName, { units: string; strategy: StrategyName }> = {
  static_color: { units: 'color keys', strategy: 'color_sweep' },
  static_sound: { units: 'sound keys', strategy: 'sound_sweep' },
  dynamic: { units: 'dynamic values', strategy: 'explore' },
  narrative: { units: 'narrative values', strategy: 'narrative' },
};

/**
 * Why a registry that is not complete gained no coverage over the last {@link QUIET_MINUTES}: no
 * loop here, no running strategy aims at it, or its controllers idle; or, once the service has
 * watched for that long (`watched`), that its strategies aim and find nothing. Null when there is
 * nothing to say yet.
 */
export function whyQuiet(registry: RegistryName, status: LoopStatusReport, watched: boolean): string | null {
  const { units, strategy } = WHAT[registry];
  if (!status.running) {
    return 'not moving: this service runs no loop; start it with its loop (motion-registry start) or send it media (motion-registry extract --remote)';
  }
  const aims = (s: string) => AIMS[s as StrategyName]?.includes(registry) ?? false;
  const aiming = status.controllers.filter((c) => c.strategies.some(aims));
  if (aiming.length === 0) return `not moving: nothing aims at ${units}; run a workflow with ${strategy} (the complete workflow has it)`;
  const idle = aiming.find((c) => c.idle !== null)?.idle;
  if (idle && aiming.every((c) => c.idle !== null)) return `not moving: the loop idles (${idle.reason}): ${idle.detail}`;
  if (!watched) return null;
  const strategies = [...new Set(aiming.flatMap((c) => c.strategies.filter(aims)))];
  return `no coverage gained in ${QUIET_MINUTES} min: ${strategies.join(', ')} aim at ${units} and found no new one`;
}
