import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { MotionRegistryError } from '../base/errors.js';
import { interpretPrompt } from '../create/interpreter/interpret.js';
import { describe } from '../create/interpreter/describe.js';
import type { Conflict } from '../create/holds.js';
import { validateSpec } from '../create/spec.js';
import type { SceneSpec } from '../model/scene.js';
import { synthesizeAudio } from '../create/audio.js';
import { encodeClip } from '../create/encode.js';
import { intendedObservations } from '../create/intended.js';
import { extractFile } from '../extract/extract.js';
import { ExtractionPool } from '../extract/pool.js';
import { contextFrom, ffmpegFor, withActor } from './context.js';
import { print } from './terminal.js';
import { outputFile, seed } from './options.js';

type Action = <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

interface RenderOptions {
  spec?: string;
  seed?: number;
  out?: string;
  extract?: boolean;
  json?: boolean;
}


/**
 * The spec to render: from a prompt, or a spec file; `--seed` overrides the seed either way. A
 * prompt's named values that cannot be shown together come back as conflicts (a spec file is
 * rendered as given).
 */
function buildSpec(prompt: string | undefined, opts: RenderOptions): { spec: SceneSpec; prompt: string; conflicts: Conflict[] } {
  if (prompt !== undefined && opts.spec !== undefined) {
    throw new MotionRegistryError('INPUT_INVALID', 'give either a prompt or --spec FILE, not both');
  }
  if (opts.spec !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(opts.spec, 'utf8'));
    } catch (err) {
      throw new MotionRegistryError('INPUT_INVALID', `cannot read spec ${opts.spec}: ${(err as Error).message}`);
    }
    const spec = validateSpec(opts.seed === undefined ? raw : { ...(raw as object), seed: opts.seed });
    return { spec, prompt: describe(spec), conflicts: [] };
  }
  if (prompt === undefined || prompt.trim() === '') throw new MotionRegistryError('INPUT_INVALID', 'give a prompt or --spec FILE');
  return { ...interpretPrompt(prompt, opts.seed === undefined ? {} : { seed: opts.seed }), prompt };
}

/** "conflict: camera.motion pan vs motion.speed slow (rendered static): why". */
function conflictLine(c: Conflict): string {
  const changed = c.rendered[1] === c.named[1] ? '' : ` (rendered ${c.rendered[1]})`;
  return `conflict: ${c.fields[0]} ${c.named[0]} vs ${c.fields[1]} ${c.named[1]}${changed}: ${c.why}`;
}

export function renderCommand(cmd: Command, action: Action): void {
  cmd
    .argument('[prompt]', 'free text describing the clip (or use --spec)')
    .option('--spec <file>', 'render this scene spec (JSON) instead of a prompt')
    .option('--seed <n>', 'seed (same spec + seed ⇒ same clip)', seed)
    .option('--out <file>', 'output file (default: clip-<seed>.mp4, or .mov with alpha)', outputFile)
    .option('--extract', 'run the clip through extraction and record what was observed')
    .option('--json', 'print the result as JSON')
    .action(action(async (promptArg: string | undefined, opts: RenderOptions, self: Command) => {
      const ctx = contextFrom(self);
      const { spec, prompt, conflicts } = buildSpec(promptArg, opts);
      const ffmpeg = await ffmpegFor(ctx);
      const out = resolve(opts.out ?? `clip-${spec.seed}.${spec.alpha ? 'mov' : 'mp4'}`);
      const clip = await encodeClip(spec, out, { ffmpeg, audio: synthesizeAudio(spec, ctx.config.pipeline.audio_sample_rate), sampleRate: ctx.config.pipeline.audio_sample_rate });
      const result: Record<string, unknown> = { prompt, spec, conflicts, file: clip.file, frames: clip.frames, codec: clip.codec };
      if (opts.extract) {
        const pool = new ExtractionPool(ctx.config.pipeline.workers);
        try {
          const extraction = await extractFile(clip.file, { config: ctx.config, pool, ffmpeg }, { prompt, mood: spec.audio.mood });
          const source = { file: clip.file };
          const recorded = await withActor(ctx, (actor) => actor.record([
            ...extraction.cells.map((c) => c.observation),
            ...intendedObservations(spec, source, prompt),
          ], source));
          result.observed = extraction.cells.map((c) => ({ registry: c.registry, domain: c.domain, key: c.key, count: c.observation.count }));
          result.new_cells = recorded.discoveries.map((d) => ({ registry: d.registry, domain: d.domain, key: d.key, name: d.name, evidence: d.evidence }));
        } finally {
          await pool.close();
        }
      }
      if (opts.json) {
        print(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      print(`${JSON.stringify(spec, null, 2)}\n`);
      for (const c of conflicts) print(`${conflictLine(c)}\n`);
      print(`rendered ${clip.frames} frames to ${clip.file} (${clip.codec})\n`);
      if (opts.extract) {
        const observed = result.observed as Array<{ registry: string; domain: string; key: string }>;
        const dynamic = observed.filter((o) => o.registry === 'dynamic').map((o) => `${o.domain}=${o.key}`);
        print(`observed: ${observed.filter((o) => o.registry === 'static_color').length} colors, `
          + `${observed.filter((o) => o.registry === 'static_sound').length} sounds; ${dynamic.join(', ')}\n`);
        print(`new cells: ${(result.new_cells as unknown[]).length}\n`);
      }
    }));
}
