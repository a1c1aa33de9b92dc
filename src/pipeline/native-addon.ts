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
