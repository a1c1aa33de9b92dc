// Precision of dynamic extraction on media made by other means than the project's renderer: clips
// from ffmpeg's own sources and filters (bench/outside/), each with the ground truth of the domains
// its recipe controls, extracted as `motion-registry extract` does (every frame), scored per clip,
// then the renderer's own precision bench run beside it.
// Usage: node dist/bench/outside.js [--seed N] [--per-value K | --count N] [--domains a,b]
//        [--precision-seeds S] [--keep DIR]
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { loadConfig } from '../src/base/config.js';
import { VALUES } from '../src/base/values.js';
import { resolveFfmpeg } from '../src/media/ffmpeg.js';
import { extractFile } from '../src/extract/extract.js';
import { ExtractionPool } from '../src/extract/pool.js';
import { below, printMatrix, summarize, tally, type DomainReport, type Matrix } from './confusion.js';
import { AIMS, planSet } from './outside/catalogue.js';
import { writeClip } from './outside/formats.js';
import { NO_TRANSITION, scoreClip } from './outside/score.js';
import type { PlannedClip } from './outside/types.js';

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    'per-value': { type: 'string', default: '' },
    count: { type: 'string', default: '' },
    domains: { type: 'string', default: '' },
    'precision-seeds': { type: 'string', default: '1' },
    keep: { type: 'string', default: '' },
  },
});
const DEFAULT_PER_VALUE = 3;
/** Recall under which a value is listed as failing. */
const RECALL_BAR = 0.9;

const seed = Number(args.seed);
const domains = args.domains ? args.domains.split(',') : [];
const aimedValues = new Set(AIMS.filter((a) => domains.length === 0 || domains.includes(a.domain)).map((a) => `${a.domain}.${a.value}`)).size;
const perValue = args['per-value'] ? Number(args['per-value']) : args.count ? Math.max(1, Math.ceil(Number(args.count) / aimedValues)) : DEFAULT_PER_VALUE;
const precisionSeeds = Number(args['precision-seeds']);

const config = loadConfig({ env: {} });
const windowSeconds = config.dynamic.window_seconds;
const ffmpeg = await resolveFfmpeg();
const pool = new ExtractionPool(config.pipeline.workers);
const dir = args.keep || mkdtempSync(join(tmpdir(), 'outside-'));
mkdirSync(dir, { recursive: true });
const clips = planSet({ seed, perValue, domains });

const matrices: Record<string, Matrix> = {};
const falseTransitions: Record<string, number> = {};
const misread: string[] = [];
let labelled = 0;
let correct = 0;
const started = performance.now();

const failed: string[] = [];
/** A clip ffmpeg could not write is reported and left out; the run goes on. */
const attempt = (clip: PlannedClip): Promise<{ file: string } | { error: string }> => writeClip(clip, dir, ffmpeg.path)
  .then((file) => ({ file }), (err: { stderr?: string }) => ({ error: (err.stderr ?? String(err)).trim().split('\n').slice(-2).join(' ') }));
const describe = (c: PlannedClip) => `${c.name} (${c.graph.video ? `${c.format.codec} ${c.format.width}×${c.format.height} ${c.format.fps} fps` : c.audioContainer})`;
try {
  // The next clip is written while the current one is extracted.
  let next = attempt(clips[0]);
  for (let i = 0; i < clips.length; i++) {
    const clip = clips[i];
    const made = await next;
    if (i + 1 < clips.length) next = attempt(clips[i + 1]);
    if ('error' in made) {
      failed.push(`${describe(clip)}: ${made.error}`);
      continue;
    }
    const x = await extractFile(made.file, { config, pool, ffmpeg }, { maxFrames: 1 });
    const score = scoreClip(clip.graph, x.cells, windowSeconds);
    falseTransitions[clip.aim.domain] = (falseTransitions[clip.aim.domain] ?? 0) + score.falseTransitions;
    const wrong: string[] = [];
    for (const [domain, expected] of Object.entries(clip.graph.truth)) {
      const label = score.labels[domain];
      tally((matrices[domain] ??= {}), expected, label);
      labelled += 1;
      if (label === expected) correct += 1;
      else wrong.push(`${domain} ${expected} → ${label}`);
    }
    if (wrong.length > 0 || score.falseTransitions > 0) {
      misread.push(`${describe(clip)}: ${[...wrong, ...(score.falseTransitions > 0 ? [`${score.falseTransitions} false transition(s)`] : [])].join('; ')}`);
    }
    process.stderr.write(`${i + 1}/${clips.length} ${clip.name}${wrong.length ? ` — ${wrong.join('; ')}` : ''}\n`);
    if (!args.keep) rmSync(made.file, { force: true });
  }
} finally {
  await pool.close();
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
const outsideSeconds = (performance.now() - started) / 1000;

/** Values of a domain in the order of the canonical list (a transition's `none` last). */
const ordered = (domain: string) => {
  const canonical = [...(VALUES.dynamic[domain] ?? []), NO_TRANSITION];
  return Object.keys(matrices[domain]).sort((a, b) => canonical.indexOf(a) - canonical.indexOf(b));
};
const reports: Record<string, DomainReport> = {};
for (const domain of Object.keys(matrices)) {
  reports[domain] = summarize(ordered(domain), matrices[domain]);
  printMatrix(domain, ordered(domain), reports[domain]);
}

/** What a value was read as, most often first: `pan 3, unread 1`. */
const readAs = (domain: string, value: string) => Object.entries(matrices[domain][value]).filter(([l]) => l !== value).sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l} ${n}`).join(', ');
const failing = below(reports, RECALL_BAR);
const score = labelled === 0 ? 0 : Number((correct / labelled).toFixed(3));
const totalFalse = Object.values(falseTransitions).reduce((a, b) => a + b, 0);

console.log(`\nmisread clips (${misread.length} of ${clips.length}):`);
for (const line of misread) console.log(`  ${line}`);
console.log(`\nvalues below recall ${RECALL_BAR}:`);
for (const entry of failing) {
  const [domain, rest] = entry.split(/\.(.*)/s);
  const value = rest.split('=')[0];
  console.log(`  ${entry} — read as ${readAs(domain, value)}`);
}
if (failed.length > 0) console.log(`clips ffmpeg could not write (left out): ${failed.length}\n  ${failed.join('\n  ')}`);
console.log(`false transitions: ${totalFalse} in ${clips.length} clips (by aimed domain: ${JSON.stringify(falseTransitions)})`);
console.log(`overall: ${correct}/${labelled} labels correct = ${score}`);

interface RendererFigures { accuracy?: Record<string, number>; below_0_9?: string[]; seconds?: number }
let renderer: RendererFigures | null = null;
if (precisionSeeds > 0) {
  const t0 = performance.now();
  const bench = fileURLToPath(new URL('./precision.js', import.meta.url));
  const out = await run(process.execPath, [bench, '--seeds', String(precisionSeeds), ...(domains.length ? ['--domains', domains.join(',')] : [])], { maxBuffer: 16 << 20 });
  const lines = out.stdout.trim().split('\n');
  const figures = { ...JSON.parse(lines[lines.length - 1]), seconds: Math.round((performance.now() - t0) / 1000) } as RendererFigures;
  renderer = figures;
  console.log(`\naccuracy per domain, outside media (${clips.length} clips, seed ${seed}) beside the renderer's clips (bench/precision, ${precisionSeeds} seed(s), per window):`);
  console.log(['domain', 'outside', 'renderer'].join('\t'));
  for (const domain of new Set([...Object.keys(reports), ...Object.keys(figures.accuracy ?? {})])) {
    console.log([domain, reports[domain]?.accuracy ?? '-', figures.accuracy?.[domain] ?? '-'].join('\t'));
  }
  console.log(`renderer values below recall 0.9: ${figures.below_0_9?.length ? figures.below_0_9.join(', ') : 'none'}`);
}

console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ffmpeg ${ffmpeg.version}; ${clips.length} clips (${perValue} per aimed value, seed ${seed}) in ${outsideSeconds.toFixed(0)} s`);
console.log(JSON.stringify({
  bench: 'outside', seed, per_value: perValue, clips: clips.length - failed.length, not_written: failed.length, seconds: Math.round(outsideSeconds), score,
  accuracy: Object.fromEntries(Object.entries(reports).map(([d, r]) => [d, r.accuracy])),
  recall: Object.fromEntries(Object.entries(reports).map(([d, r]) => [d, r.recall])),
  false_transitions: totalFalse, below_0_9: failing,
  renderer: renderer === null ? null : { seeds: precisionSeeds, seconds: (renderer as RendererFigures).seconds, accuracy: (renderer as RendererFigures).accuracy, below_0_9: (renderer as RendererFigures).below_0_9 },
}));
