import { join } from 'node:path';
import { Piscina } from 'piscina';
import { WORKERS_DIR } from '../base/paths.js';
import type { FrameAnalysis, FrameTask, InstantAnalysis, InstantTask, SoundWindowTask, WindowAnalysis, WindowTask } from './tasks.js';
import type { DynamicValue } from './dynamic/types.js';

/** The Piscina pool of extraction workers (`workers/extract.ts`). */
export class ExtractionPool {
  private readonly piscina: Piscina;

  constructor(readonly size: number) {
    this.piscina = new Piscina({
      filename: join(WORKERS_DIR, 'extract.js'),
      minThreads: size,
      maxThreads: size,
      idleTimeout: 60_000,
    });
  }

  frame(task: Omit<FrameTask, 'kind'>): Promise<FrameAnalysis> {
    return this.piscina.run({ kind: 'frame', ...task });
  }

  /** One analysis per position in `take`, in its order. */
  instants(task: Omit<InstantTask, 'kind'>): Promise<InstantAnalysis[]> {
    return this.piscina.run({ kind: 'instant', ...task });
  }

  window(task: Omit<WindowTask, 'kind'>): Promise<WindowAnalysis> {
    return this.piscina.run({ kind: 'window', ...task });
  }

  soundWindow(task: Omit<SoundWindowTask, 'kind'>): Promise<DynamicValue[]> {
    return this.piscina.run({ kind: 'sound-window', ...task });
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
