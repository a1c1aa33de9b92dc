/**
 * The pixel kernels of the window analysis, in two implementations with identical results: the
 * N-API addon (native/motion.cc) and JavaScript (block-match.ts, template-search.ts,
 * compensation.ts, working-channels.ts), selected by `KernelFamily` (native-addon.ts).
 */
import { KernelFamily, type KernelImplementation } from '../native-addon.js';
import { BLOCK, BLOCK_TIE, GRADIENT_NOISE, MATCH_QUALITY_MAD, SEARCH_RADIUS, matchBlocksJs, type BlockMatchKernel } from './block-match.js';
import { DIFF_BINS, compensateJs, type CompensationKernel } from './compensation.js';
import { SUBJECT_SEARCH, SUBJECT_TIE, searchTemplateJs, type TemplateSearchKernel } from './template-search.js';
import { MOTION_CHROMA, workingChannelsJs, type WorkingChannelsKernel } from './working-channels.js';

export type MotionKernelImplementation = KernelImplementation;

export interface MotionKernels {
  workingChannels: WorkingChannelsKernel;
  matchBlocks: BlockMatchKernel;
  compensate: CompensationKernel;
  searchTemplate: TemplateSearchKernel;
}

const JS_KERNELS: MotionKernels = {
  workingChannels: workingChannelsJs,
  matchBlocks: matchBlocksJs,
  compensate: compensateJs,
  searchTemplate: searchTemplateJs,
};

/** The constants the native kernels are compiled with; an addon built with others is not used. */
const CONSTANTS: Record<string, number> = {
  block: BLOCK, searchRadius: SEARCH_RADIUS, blockTie: BLOCK_TIE, gradientNoise: GRADIENT_NOISE,
  matchQualityMad: MATCH_QUALITY_MAD, subjectSearch: SUBJECT_SEARCH, subjectTie: SUBJECT_TIE, diffBins: DIFF_BINS,
  motionChroma: MOTION_CHROMA,
};

const family = new KernelFamily<MotionKernels>('motion', JS_KERNELS, (addon) => {
  const constants = addon.motionConstants as Record<string, unknown> | undefined;
  const compatible = (Object.keys(JS_KERNELS) as (keyof MotionKernels)[]).every((k) => typeof addon[k] === 'function')
    && constants !== undefined && Object.entries(CONSTANTS).every(([k, v]) => constants[k] === v);
  return compatible ? Object.fromEntries(Object.keys(JS_KERNELS).map((k) => [k, addon[k]])) as unknown as MotionKernels : null;
});

/** Whether the native kernels can be loaded (loading them if not tried yet), with the reason if not. */
export const nativeMotionKernelStatus = () => family.status();

/** The implementation `motionKernels()` returns by default (decided, and said if need be, once). */
export const motionKernelImplementation = (): MotionKernelImplementation => family.implementation();

/** Select the kernels for this process (tests, benchmarks); 'native' throws with the reason when the addon cannot load. */
export const setMotionKernelImplementation = (impl: MotionKernelImplementation): void => family.select(impl);

/** The kernels of `impl` (default: the selected implementation). */
export const motionKernels = (impl?: MotionKernelImplementation): MotionKernels => family.kernels(impl);
