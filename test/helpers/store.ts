import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/base/config.js';
import type { Config } from '../../src/base/config-schema.js';

/** A fresh data directory (dot-free name) removed when the test ends. */
export function tempDataDir(t: { teardown(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'motionreg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'data');
}

export function testConfig(dataDir: string, overrides: Record<string, unknown> = {}): Config {
  return loadConfig({ env: {}, overrides: { data_dir: dataDir, log: { level: 'silent' }, ...overrides } });
}
