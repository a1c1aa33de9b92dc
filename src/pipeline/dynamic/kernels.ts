/**
 * The pixel kernels of the window analysis, in two implementations with identical results: the
 * N-API addon (native/motion.cc) and JavaScript (block-match.ts, template-search.ts,
 * compensation.ts, working-channels.ts). Selected like the histogram kernel (histogram.ts): native
 * when the addon loads, JavaScript otherwise (said once on stderr) or when MOTION_REGISTRY_NATIVE=0.
 */
import { loadAddon, nativeDisabled } from '../native-addon.js';
import { BLOCK, BLOCK_TIE, GRADIENT_NOISE, MATCH_QUALITY_MAD, SEARCH_RADIUS, matchBlocksJs, type BlockMatchKernel } from './block-match.js';
import { DIFF_BINS, compensateJs, type CompensationKernel } from './compensation.js';
import { SUBJECT_SEARCH, SUBJECT_TIE, searchTemplateJs, type TemplateSearchKernel } from './template-search.js';
import { MOTION_CHROMA, workingChannelsJs, type WorkingChannelsKernel } from './working-channels.js';

export type MotionKernelImplementation = 'native' | 'js';

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

type NativeState = { ok: true; kernels: MotionKernels } | { ok: false; reason: string };

let nativeState: NativeState | undefined;
let current: MotionKernelImplementation | undefined;

function loadNative(): NativeState {
  if (nativeState) return nativeState;
  const loaded = loadAddon();
  if (!loaded.ok) return (nativeState = loaded);
  const addon = loaded.exports;
  const constants = addon.motionConstants as Record<string, unknown> | undefined;
  const compatible = (Object.keys(JS_KERNELS) as (keyof MotionKernels)[]).every((k) => typeof addon[k] === 'function')
    && constants !== undefined && Object.entries(CONSTANTS).every(([k, v]) => constants[k] === v);
  nativeState = compatible
    ? { ok: true, kernels: Object.fromEntries(Object.keys(JS_KERNELS).map((k) => [k, addon[k]])) as unknown as MotionKernels }
    : { ok: false, reason: `${loaded.path} does not export compatible motion kernels` };
  return nativeState;
}

/** Whether the native kernels can be loaded (loading them if not tried yet), with the reason if not. */
export function nativeMotionKernelStatus(): { available: boolean; reason?: string } {
  const state = loadNative();
  return state.ok ? { available: true } : { available: false, reason: state.reason };
}

function defaultImplementation(): MotionKernelImplementation {
  if (nativeDisabled()) return 'js';
  const state = loadNative();
  if (state.ok) return 'native';
  process.stderr.write(`motion-registry: native motion kernels unavailable (${state.reason}); using the JavaScript kernels\n`);
  return 'js';
}

/** The implementation `motionKernels()` returns by default (decided, and logged if needed, once). */
export function motionKernelImplementation(): MotionKernelImplementation {
  current ??= defaultImplementation();
  return current;
}

/**
 * Select the kernels for this process (tests, benchmarks). Selecting 'native' when the addon
 * cannot be loaded throws with the reason.
 */
export function setMotionKernelImplementation(impl: MotionKernelImplementation): void {
  if (impl === 'native') {
    const state = loadNative();
    if (!state.ok) throw new Error(`native motion kernels unavailable: ${state.reason}`);
  } else if (impl !== 'js') {
    throw new TypeError(`unknown motion kernel implementation: ${String(impl)}`);
  }
  current = impl;
}

/** The kernels of `impl` (default: the selected implementation). */
export function motionKernels(impl: MotionKernelImplementation = motionKernelImplementation()): MotionKernels {
  if (impl === 'js') return JS_KERNELS;
  const state = loadNative();
  if (!state.ok) throw new Error(`native motion kernels unavailable: ${state.reason}`);
  return state.kernels;
}
