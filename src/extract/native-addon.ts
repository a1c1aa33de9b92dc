/**
 * The optional N-API addon `build/Release/motion_native.node` (binding.gyp, native/*.cc), loaded
 * once per thread. Each family of kernels (histogram.ts, dynamic/kernels.ts) checks the exports it
 * needs and falls back to its JavaScript twin when the addon is missing or too old.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type AddonState = { ok: true; path: string; exports: Record<string, unknown> } | { ok: false; reason: string };

let state: AddonState | undefined;

function findPackageRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The addon's exports, or why it cannot be loaded (tried once). */
export function loadAddon(): AddonState {
  if (state) return state;
  try {
    const root = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
    if (!root) throw new Error('package.json not found above the module');
    const path = join(root, 'build', 'Release', 'motion_native.node');
    if (!existsSync(path)) throw new Error(`${path} not found`);
    state = { ok: true, path, exports: createRequire(import.meta.url)(path) as Record<string, unknown> };
  } catch (err) {
    state = { ok: false, reason: (err instanceof Error ? err.message : String(err)).split('\n')[0] };
  }
  return state;
}

/** MOTION_REGISTRY_NATIVE=0 forces every JavaScript kernel, silently. */
export function nativeDisabled(): boolean {
  return process.env.MOTION_REGISTRY_NATIVE === '0';
}

export type KernelImplementation = 'native' | 'js';

/** Reasons already said on stderr: a missing addon is said once, whatever family finds out. */
const said = new Set<string>();

/**
 * One family of kernels in two implementations with identical results: native when the addon
 * loads and `adopt` finds the family among its exports, JavaScript otherwise (said once on
 * stderr) or when MOTION_REGISTRY_NATIVE=0.
 */
export class KernelFamily<K> {
  private native: { ok: true; kernels: K } | { ok: false; reason: string } | undefined;
  private current: KernelImplementation | undefined;

  /** `adopt` returns the family from the addon's exports, or null when they are not compatible. */
  constructor(readonly name: string, private readonly js: K, private readonly adopt: (exports: Record<string, unknown>) => K | null) {}

  private load(): { ok: true; kernels: K } | { ok: false; reason: string } {
    if (this.native) return this.native;
    const loaded = loadAddon();
    if (!loaded.ok) return (this.native = loaded);
    const kernels = this.adopt(loaded.exports);
    this.native = kernels === null ? { ok: false, reason: `${loaded.path} does not export compatible ${this.name} kernels` } : { ok: true, kernels };
    return this.native;
  }

  /** Whether the native kernels can be loaded (loading them if not tried yet), with the reason if not. */
  status(): { available: boolean; reason?: string } {
    const state = this.load();
    return state.ok ? { available: true } : { available: false, reason: state.reason };
  }

  /** The implementation used by default (decided, and said if need be, once). */
  implementation(): KernelImplementation {
    if (this.current) return this.current;
    const state = nativeDisabled() ? null : this.load();
    if (state && !state.ok && !said.has(state.reason)) {
      said.add(state.reason);
      process.stderr.write(`motion-registry: native kernels unavailable (${state.reason}); using the JavaScript kernels\n`);
    }
    this.current = state?.ok ? 'native' : 'js';
    return this.current;
  }

  /** Selects the implementation for this process (tests, benchmarks); 'native' throws with the reason when it cannot load. */
  select(impl: KernelImplementation): void {
    if (impl === 'native') this.kernels('native');
    else if (impl !== 'js') throw new TypeError(`unknown ${this.name} kernel implementation: ${String(impl)}`);
    this.current = impl;
  }

  /** The kernels of `impl` (default: the selected implementation). */
  kernels(impl: KernelImplementation = this.implementation()): K {
    if (impl === 'js') return this.js;
    const state = this.load();
    if (!state.ok) throw new Error(`native ${this.name} kernels unavailable: ${state.reason}`);
    return state.kernels;
  }
}
