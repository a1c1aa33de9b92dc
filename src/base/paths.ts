import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${from}`);
    dir = parent;
  }
  return dir;
}

/** The installed package's root, whether running from `dist/` or elsewhere. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const CONFIG_DIR = join(PACKAGE_ROOT, 'config');
export const WORKERS_DIR = join(PACKAGE_ROOT, 'dist', 'workers');
export const DASHBOARD_DIR = join(PACKAGE_ROOT, 'dashboard');
