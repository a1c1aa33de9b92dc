import type { Config } from '../base/config-schema.js';
import type { JobRecord } from '../registry/jobs.js';

/** A job as announced when it finishes: everything but its spec. */
export type JobSummary = Omit<JobRecord, 'spec'>;

/** The loop's events (`loop.<name>`) and what each carries. */
export interface LoopEvents {
  started: { workflows: string[]; jobs: number | null; minutes: number | null };
  stopped: { workflows: string[]; jobs: number };
  /** A controller runs no job: every space is complete, or nothing it can aim at moves. */
  idle: { workflow: string; reason: 'complete' | 'stalled'; detail: string; since: string };
  /** The loop section changed over the API. */
  config: { changed: unknown; loop: Config['loop'] };
  'job.started': Pick<JobRecord, 'id' | 'workflow' | 'mode' | 'strategy' | 'prompt' | 'seed'>;
  'job.done': JobSummary;
  'job.failed': JobSummary;
}

export type LoopEventName = keyof LoopEvents;

/** Every subject the service publishes on starts with one of these roots; the stream captures both. */
const REGISTRY = 'registry';
const LOOP = 'loop';
export const STREAM_SUBJECTS = [`${REGISTRY}.>`, `${LOOP}.>`];

/** NATS subjects the service publishes on (SPEC: Interfaces). */
export const SUBJECTS = {
  discovery: (registry: string, domain: string) => `${REGISTRY}.discovery.${registry}.${domain}`,
  /** A pair taken out again: the ingested batch that alone supported it was revoked. */
  retraction: (registry: string, domain: string) => `${REGISTRY}.retracted.${registry}.${domain}`,
  coverage: (registry: string) => `${REGISTRY}.coverage.${registry}`,
  /** A completion space reached 100 %: `registry.complete.static_color`, `registry.complete.dynamic.gradient_camera`. */
  complete: (space: string) => `${REGISTRY}.complete.${space}`,
  /** One loop event, or `>` for all of them. */
  loop: (event: LoopEventName | '>') => `${LOOP}.${event}`,
  allRegistry: `${REGISTRY}.>`,
  allDiscoveries: `${REGISTRY}.discovery.>`,
  allRetractions: `${REGISTRY}.retracted.>`,
  allCoverage: `${REGISTRY}.coverage.>`,
  allComplete: `${REGISTRY}.complete.>`,
} as const;

/** NATS wildcard matching: `*` matches one token, `>` (last token only) one or more trailing tokens. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return i === p.length - 1 && s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
