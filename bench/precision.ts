// Precision of dynamic extraction: render clips aimed at every canonical value of every observed
// domain, extract them, and compare what was observed per window with what was rendered.
// Usage: node dist/bench/precision.js [--seeds N] [--seconds S] [--domains a,b]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/base/config.js';
import { VALUES } from '../src/base/values.js';
import { interpret } from '../src/create/interpreter/interpret.js';
import { validateSpec } from '../src/create/spec.js';
import { DOMAIN_FIELDS, type SceneSpec, type SpecDomain } from '../src/model/scene.js';
import { holdFor } from '../src/create/holds.js';
import { synthesizeAudio } from '../src/create/audio.js';
import { encodeClip } from '../src/create/encode.js';
import { resolveFfmpeg } from '../src/media/ffmpeg.js';
import { extractFile } from '../src/extract/extract.js';
import { ExtractionPool } from '../src/extract/pool.js';
import { canonicalOfKey } from '../src/model/dynamic.js';
import { below, printMatrix, summarize, tally, type DomainReport, type Matrix } from './confusion.js';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    domains: { type: 'string', default: '' },
  },
});
const seeds = Number(args.seeds);
const seconds = Number(args.seconds);

const config = loadConfig({ env: {} });
const intendedOnly = config.dynamic.intended_only;
const wanted = args.domains ? args.domains.split(',') : Object.keys(DOMAIN_FIELDS);
const domains = wanted.filter((d): d is SpecDomain => d in DOMAIN_FIELDS && VALUES.dynamic_domains[d] === 'observed');

/**
 * A spec aimed at one value, other fields seeded at random, with the renderer's conflicts held away
 * (`holdFor`, which sees the aimed value as the loop's planner does; the aimed value always wins).
 */
function specFor(domain: SpecDomain, value: string, seed: number): SceneSpec {
  const spec = interpret(`clip ${seed}`, {
    seed, defaults: { width: 256, height: 144, duration: seconds, fps: 24, shape: 'circle' },
  });
  const [group, field] = DOMAIN_FIELDS[domain];
  const aim = () => { (spec[group] as Record<string, unknown>)[field] = value; };
  aim();
  holdFor(spec, domain);
  aim();
  return validateSpec(spec);
}

const ffmpeg = await resolveFfmpeg();
const pool = new ExtractionPool(config.pipeline.workers);
const dir = mkdtempSync(join(tmpdir(), 'precision-'));
const report: Record<string, DomainReport> = {};
const started = performance.now();
try {
  for (const domain of domains) {
    const values = VALUES.dynamic[domain].filter((v) => !(v in (intendedOnly[domain] ?? {})));
    const matrix: Matrix = {};
    for (const value of values) {
      matrix[value] = {};
      for (let seed = 1; seed <= seeds; seed++) {
        const spec = specFor(domain, value, seed * 7919 + values.indexOf(value));
        const clip = await encodeClip(spec, join(dir, `${domain}-${value}-${seed}.mp4`), { ffmpeg, audio: synthesizeAudio(spec) });
        const x = await extractFile(clip.file, { config, pool, ffmpeg }, { maxFrames: 1, mood: spec.audio.mood });
        const observed = x.cells.filter((c) => c.registry === 'dynamic' && c.domain === domain);
        if (domain === 'transition_type') {
          // A transition happens once per clip: the clip counts as what its windows saw, or `none`.
          const seen = observed.map((c) => canonicalOfKey(domain, c.key) ?? c.key);
          const label = seen.length === 0 ? 'none' : seen.includes(value) && seen.length === 1 ? value : seen.filter((s) => s !== value)[0];
          tally(matrix, value, label);
          continue;
        }
        for (const c of observed) {
          const label = canonicalOfKey(domain, c.key) ?? c.key;
          tally(matrix, value, label, c.observation.count);
        }
      }
    }
    report[domain] = summarize(values, matrix);
    printMatrix(domain, values, report[domain]);
  }
} finally {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
}

const failing = below(report, 0.9);
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${seeds} seeds × ${seconds} s per value; ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`intended-only: ${JSON.stringify(intendedOnly)}`);
console.log(`values below recall 0.9: ${failing.length ? failing.join(', ') : 'none'}`);
console.log(JSON.stringify({
  bench: 'precision', seeds, seconds,
  accuracy: Object.fromEntries(Object.entries(report).map(([d, r]) => [d, r.accuracy])),
  recall: Object.fromEntries(Object.entries(report).map(([d, r]) => [d, r.recall])),
  below_0_9: failing,
}));
