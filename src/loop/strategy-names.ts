/**
 * Every way the loop can make a job, in the order fresh ones are tried: directed sweeps and
 * combination fills first (they fill whole spaces per clip), then scenes aimed at gaps, then
 * variations of rewarding templates.
 */
export const STRATEGIES = [
  'color_sweep', 'sound_sweep', 'fill_tempo_mood_presence', 'fill_gradient_camera',
  'explore', 'narrative', 'exploit', 'color_sweep_h264', 'color_sweep_vp9',
] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export function isStrategy(name: string): name is StrategyName {
  return (STRATEGIES as readonly string[]).includes(name);
}
