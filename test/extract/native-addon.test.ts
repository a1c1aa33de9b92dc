import t from 'tap';
import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeHistogramStatus } from '../../src/extract/color/histogram.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Loads both kernel families of the package at `root` in a fresh process, uses them twice, and prints which each chose. */
function run(root: string, env: Record<string, string>) {
  const url = (path: string) => JSON.stringify(new URL(`file://${join(root, 'dist', 'src', 'extract', path)}`).href);
  const script = `const h = await import(${url('color/histogram.js')}); const k = await import(${url('dynamic/kernels.js')});`
    + 'new h.FrameHistogram().add(new Uint8Array(4)); new h.FrameHistogram().add(new Uint8Array(4)); k.motionKernels(); k.motionKernels();'
    + 'console.log(h.histogramImplementation(), k.motionKernelImplementation());';
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

t.test('every kernel family follows the addon: native when built, JavaScript when forced, said once when missing', async (t) => {
  const forced = run(ROOT, { MOTION_REGISTRY_NATIVE: '0' });
  t.equal(forced.status, 0, forced.stderr);
  t.equal(forced.stdout.trim(), 'js js', 'MOTION_REGISTRY_NATIVE=0 forces JavaScript');
  t.equal(forced.stderr, '', 'silently');

  if (!nativeHistogramStatus().available) return t.fail('native addon missing');
  const normal = run(ROOT, { MOTION_REGISTRY_NATIVE: '' });
  t.equal(normal.stdout.trim(), 'native native', 'native by default when built');
  t.equal(normal.stderr, '');

  // A copy of the package without build/.
  const copy = t.testdir();
  cpSync(join(ROOT, 'dist', 'src'), join(copy, 'dist', 'src'), { recursive: true });
  cpSync(join(ROOT, 'config'), join(copy, 'config'), { recursive: true });
  writeFileSync(join(copy, 'package.json'), '{"type":"module"}');
  const missing = run(copy, { MOTION_REGISTRY_NATIVE: '' });
  t.equal(missing.status, 0, missing.stderr);
  t.equal(missing.stdout.trim(), 'js js');
  const lines = missing.stderr.split('\n').filter(Boolean);
  t.equal(lines.length, 1, 'one line for both families');
  t.match(lines[0], /^motion-registry: native kernels unavailable \(.*motion_native\.node not found\); using the JavaScript kernels$/);
});
