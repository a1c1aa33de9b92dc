/** NATS subjects the service publishes on (SPEC: Interfaces). */
export const SUBJECTS = {
  discovery: (registry: string, domain: string) => `registry.discovery.${registry}.${domain}`,
  /** A pair taken out again: the ingested batch that alone supported it was revoked. */
  retraction: (registry: string, domain: string) => `registry.retracted.${registry}.${domain}`,
  coverage: (registry: string) => `registry.coverage.${registry}`,
  /** A completion space reached 100 %: `registry.complete.static_color`, `registry.complete.dynamic.gradient_camera`. */
  complete: (space: string) => `registry.complete.${space}`,
  loop: (event: string) => `loop.${event}`,
  allDiscoveries: 'registry.discovery.>',
  allRetractions: 'registry.retracted.>',
  allCoverage: 'registry.coverage.>',
  allComplete: 'registry.complete.>',
} as const;

/** NATS wildcard matching: `*` matches one token, `>` one or more trailing tokens. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
