import { binCentre, parseColorKey } from '../../src/model/color.js';
import { parseSoundKey } from '../../src/model/sound.js';
import type { CompletionTargets } from '../../src/model/targets.js';
import type { Observation } from '../../src/model/records.js';

/**
 * Observations that cover every unit of every completion space (with the evidence each domain
 * counts), but for the registries or domains named in `except` (e.g. `static_sound`,
 * `dynamic/gradient_camera`).
 */
export function coveringObservations(targets: CompletionTargets, except: readonly string[] = []): Observation[] {
  const out: Observation[] = [];
  const source = { job_id: 'fixture' };
  for (const target of Object.values(targets.registries)) {
    if (except.includes(target.registry)) continue;
    for (const d of target.domains) {
      if (except.includes(`${d.registry}/${d.domain}`)) continue;
      const origin = d.evidence === 'intended' ? 'intended' as const : 'observed' as const;
      for (const unit of d.units) {
        if (d.registry === 'static_color') {
          const c = parseColorKey(unit)!;
          out.push({ registry: 'static_color', r: binCentre(c.r), g: binCentre(c.g), b: binCentre(c.b), opacity: c.step / 20, source });
        } else if (d.registry === 'static_sound') {
          const s = parseSoundKey(unit)!;
          const amplitude = s.timbre === 'silence' ? 0 : s.band === 0 ? 0.02 : s.band / 10;
          out.push({ registry: 'static_sound', amplitude, tone: s.tone, timbre: s.timbre, source });
        } else {
          out.push({ registry: d.registry, domain: d.domain, value: unit, origin, source });
        }
      }
    }
  }
  return out;
}
