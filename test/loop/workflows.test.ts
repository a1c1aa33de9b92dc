import t from 'tap';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflows, selectWorkflows } from '../../src/loop/workflows.js';
import { STRATEGIES } from '../../src/loop/strategy-names.js';

const file = (t: { teardown(fn: () => unknown): void }, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'workflows-')), 'workflows.yaml');
  writeFileSync(path, text);
  return path;
};

const base = `workflows:
  complete: { strategies: [color_sweep, explore], exploit_ratio: null, extraction_focus: all, static_focus: both, delay_seconds: 0, clip_seconds: 3 }
  explorer: { strategies: [explore], exploit_ratio: 0, extraction_focus: all, static_focus: both, delay_seconds: 0, clip_seconds: 3 }
  exploiter: { strategies: [exploit], exploit_ratio: 1, extraction_focus: all, static_focus: both, delay_seconds: 0, clip_seconds: 3 }
  balanced: { strategies: [explore, exploit], exploit_ratio: null, extraction_focus: all, static_focus: both, delay_seconds: 0, clip_seconds: 3 }
  sweep: { strategies: [color_sweep, sound_sweep], exploit_ratio: 0, extraction_focus: frame, static_focus: both, delay_seconds: 0, clip_seconds: 3 }
`;

t.test('the shipped workflows: complete may pick any strategy, explorer explores, exploiter exploits, balanced takes the loop ratio', async (t) => {
  const all = loadWorkflows();
  t.same([...all.keys()].slice(0, 5), ['complete', 'explorer', 'exploiter', 'balanced', 'sweep']);
  t.same([...all.get('complete')!.strategies].sort(), [...STRATEGIES].sort(), 'the service picks from every strategy');
  t.equal(all.get('complete')!.exploit_ratio, null);
  t.same(all.get('explorer')!.strategies, ['explore']);
  t.equal(all.get('explorer')!.exploit_ratio, 0);
  t.equal(all.get('exploiter')!.exploit_ratio, 1);
  t.equal(all.get('balanced')!.exploit_ratio, null);
  t.same(all.get('sweep')!.strategies, ['color_sweep', 'sound_sweep']);
});

t.test('an unknown workflow is an error naming the allowed ones', async (t) => {
  t.throws(() => selectWorkflows(loadWorkflows(), ['explorer', 'wanderer']), {
    code: 'CONFIG_INVALID', message: /unknown workflow "wanderer"; allowed: complete, explorer, exploiter, balanced, sweep/,
  });
});

t.test('an unknown option or focus is an error naming the allowed values', async (t) => {
  t.throws(() => loadWorkflows(file(t, base.replace('extraction_focus: all, static_focus: both, delay_seconds: 0, clip_seconds: 3 }\n  exploiter', 'extraction_focus: pixels, static_focus: both, delay_seconds: 0, clip_seconds: 3 }\n  exploiter'))), {
    code: 'CONFIG_INVALID', message: /"workflows.explorer.extraction_focus" must be one of: frame, window, all/,
  });
  t.throws(() => loadWorkflows(file(t, base.replace('clip_seconds: 3 }\n  exploiter', 'clip_seconds: 3, speedup: 2 }\n  exploiter'))), {
    code: 'CONFIG_INVALID', message: /unknown option "speedup" in "workflows.explorer"; allowed: exploit_ratio, extraction_focus/,
  });
  t.throws(() => loadWorkflows(file(t, base.replace('extraction_focus: frame, static_focus: both', 'extraction_focus: frame, static_focus: smell'))), {
    message: /static_focus" must be one of: color, sound, both/,
  });
  t.throws(() => loadWorkflows(file(t, base.replace('strategies: [explore], exploit_ratio: 0', 'strategies: [explore, guess], exploit_ratio: 0'))), {
    message: /"workflows.explorer.strategies.1" must be one of: color_sweep, sound_sweep/,
  });
});

t.test('a workflows file may add workflows of its own', async (t) => {
  const all = loadWorkflows(file(t, `${base}  night_owl: { strategies: [narrative, exploit], exploit_ratio: 0.2, extraction_focus: window, static_focus: color, delay_seconds: 5, clip_seconds: 2 }\n`));
  t.same(selectWorkflows(all, ['night_owl'])[0], {
    name: 'night_owl', strategies: ['narrative', 'exploit'], exploit_ratio: 0.2, extraction_focus: 'window', static_focus: 'color', delay_seconds: 5, clip_seconds: 2,
  });
});
