import type { ObjectStore } from 'nats';
import type { ExtractOptions, FileExtraction } from '../extract/extract.js';
import type { MediaInfo } from '../media/probe.js';
import type { LoopRuntime } from './runtime.js';
import type { Observation, Source } from '../model/records.js';

/** What making and reading a clip needs: no registry, so a worker on another machine has it. */
export type WorkRuntime = Pick<LoopRuntime, 'config' | 'pool' | 'ffmpeg' | 'clipDir' | 'keepClips' | 'log'> & {
  /** Uploads handed to workers (a worker's runtime has it; jobs done in the registry's process do not). */
  media?: ObjectStore;
};

/** A clip ready to be read, with its description when the recipe wrote it (no probe needed). */
export interface MadeClip {
  file: string;
  media?: MediaInfo;
}

/** How one job's clip is made and read, rebuilt from its spec wherever the job runs. */
export interface Recipe {
  /** Renders and encodes the clip; resolves with the file written (an abort kills the encoder). */
  render(signal?: AbortSignal): Promise<MadeClip>;
  extract: ExtractOptions;
  /** Observations from the spec (origin `intended`), recorded with the observed ones. */
  intended?(source: Source): Observation[];
  /** Reads the clip again before it is removed; the result goes back to the job's strategy. */
  measure?(extraction: FileExtraction): Promise<unknown>;
  /** The name records give as their file (default the clip's path). */
  source?: string;
}
