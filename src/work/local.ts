import { rm } from 'node:fs/promises';
import { cancelled } from '../media/chunks.js';
import { extractFile } from '../extract/extract.js';
import { cpuSeconds } from '../base/cpu.js';
import type { Execution, Executor, WorkOrder } from '../loop/order.js';
import type { WorkRuntime } from '../loop/recipe.js';
import { recipeFor } from './recipes.js';
import { roundTo } from '../base/numbers.js';


/**
 * Does one job here: renders its clip from the spec, extracts it, measures what its strategy
 * learns from, and removes the clip (unless clips are kept). What the spec intended comes along.
 */
export async function executeOrder(rt: WorkRuntime, order: WorkOrder, signal?: AbortSignal, worker = 'local'): Promise<Execution> {
  const { job } = order;
  const cpuStart = cpuSeconds();
  let last = performance.now();
  const lap = () => {
    const now = performance.now();
    const s = roundTo((now - last) / 1000);
    last = now;
    return s;
  };
  if (signal?.aborted) throw cancelled(`job ${job.id}`);
  const recipe = recipeFor(rt, order);
  let file: string | undefined;
  try {
    const clip = await recipe.render(signal);
    file = clip.file;
    const render_s = lap();
    const extraction = await extractFile(file, { config: rt.config, pool: rt.pool, ffmpeg: rt.ffmpeg, signal }, { prompt: job.prompt, ...recipe.extract, media: clip.media });
    if (recipe.source !== undefined) {
      for (const c of extraction.cells) c.observation.source = { ...c.observation.source, file: recipe.source };
    }
    const extract_s = lap();
    const measured = recipe.measure ? await recipe.measure(extraction) : undefined;
    const intended = recipe.intended?.({ job_id: String(job.id), file }) ?? [];
    return {
      extraction, intended, ...(measured === undefined ? {} : { measured }), timings: { render_s, extract_s },
      cpu_seconds: roundTo(cpuSeconds() - cpuStart), file: recipe.source ?? file, worker,
    };
  } finally {
    if (file && !rt.keepClips) await rm(file, { force: true });
  }
}

/** Jobs done in this process, on its extraction pool. */
export function localExecutor(rt: WorkRuntime): Executor {
  return { execute: (order, signal) => executeOrder(rt, order, signal), close: async () => undefined };
}
