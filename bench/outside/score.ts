/**
 * Scores one extracted clip against its recipe's truth.
 *
 * - Steady domains: the value observed in most windows (ties: the earlier first observation).
 * - Event domains (a transition, a whip pan): the value observed in the event's window. The fold
 *   keeps a cell's first observation and its count, so a value counts for the window when its
 *   first observation lies there; otherwise the window reads as the value first observed there, or
 *   failing that the domain's most frequent value.
 * - transition_type: what the transition's window saw, `none` when it saw none (a transition in
 *   another window does not count); a clip without a transition reads `none` only when no window
 *   saw one. Every transition observed anywhere except the one credited to the clip's own
 *   transition window is a false transition, in any clip.
 * - camera_speed is read from the camera_motion key (motion_speed_steadiness).
 * A labelled domain that no window reported reads as `unread`.
 */
import type { FoldedCell } from '../../src/extract/fold.js';
import { canonicalOfKey } from '../../src/model/dynamic.js';
import type { ClipGraph } from './types.js';

export const UNREAD = 'unread';
export const NO_TRANSITION = 'none';

export interface ClipScore {
  /** Observed label per labelled domain. */
  labels: Record<string, string>;
  falseTransitions: number;
}

interface Reading { value: string; window: number; count: number }

function readings(cells: readonly FoldedCell[], domain: string, windowSeconds: number): Reading[] {
  const source = domain === 'camera_speed' ? 'camera_motion' : domain;
  return cells
    .filter((c) => c.registry === 'dynamic' && c.domain === source)
    .map((c) => ({
      value: domain === 'camera_speed' ? c.key.split('_').at(-2) ?? c.key : canonicalOfKey(domain, c.key) ?? c.key,
      window: Math.round((c.observation.source?.time ?? 0) / windowSeconds),
      count: c.observation.count,
    }));
}

/** Readings merged per value: total count and first window. */
function perValue(list: Reading[]): Reading[] {
  const merged = new Map<string, Reading>();
  for (const r of list) {
    const known = merged.get(r.value);
    merged.set(r.value, known ? { value: r.value, window: Math.min(known.window, r.window), count: known.count + r.count } : { ...r });
  }
  return [...merged.values()].sort((a, b) => b.count - a.count || a.window - b.window);
}

function eventLabel(list: Reading[], expected: string, window: number): string {
  const merged = perValue(list);
  if (merged.some((r) => r.value === expected && r.window === window)) return expected;
  return merged.find((r) => r.window === window)?.value ?? merged[0]?.value ?? UNREAD;
}

/**
 * What the transition's window saw (a transition elsewhere is not it); a clip without a transition
 * reads as the transition seen most often anywhere, or `none`.
 */
function transitionLabel(list: Reading[], expected: string, window: number): string {
  const merged = perValue(list);
  const at = merged.filter((r) => r.window === window);
  if (expected === NO_TRANSITION) return merged[0]?.value ?? NO_TRANSITION;
  return (at.find((r) => r.value === expected) ?? at[0])?.value ?? NO_TRANSITION;
}

export function scoreClip(graph: ClipGraph, cells: readonly FoldedCell[], windowSeconds: number): ClipScore {
  const labels: Record<string, string> = {};
  const transitions = readings(cells, 'transition_type', windowSeconds);
  const transitionCount = transitions.reduce((n, r) => n + r.count, 0);
  let credited = 0;
  for (const [domain, expected] of Object.entries(graph.truth)) {
    const list = domain === 'transition_type' ? transitions : readings(cells, domain, windowSeconds);
    const window = graph.events?.[domain];
    if (domain === 'transition_type') {
      labels[domain] = transitionLabel(list, expected, window ?? 0);
      if (expected !== NO_TRANSITION && labels[domain] !== NO_TRANSITION) credited = 1;
    } else if (window !== undefined) {
      labels[domain] = eventLabel(list, expected, window);
    } else {
      labels[domain] = perValue(list)[0]?.value ?? UNREAD;
    }
  }
  return { labels, falseTransitions: transitionCount - credited };
}
