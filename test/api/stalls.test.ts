import t from 'tap';
import type { LoopStatusReport } from '../../src/api/loop-status.js';
import { whyQuiet } from '../../src/api/stalls.js';

const NO_JOBS = { running: 0, done: 0, failed: 0, last_job: null };
const controller = (strategies: string[], idle: LoopStatusReport['controllers'][number]['idle'] = null) => ({
  workflow: 'w', exploit_ratio: null, extraction_focus: 'all', static_focus: 'both', strategies, jobs: NO_JOBS, idle,
});
const status = (controllers: LoopStatusReport['controllers'], running = true): LoopStatusReport =>
  ({ running, stopping: false, complete: false, controllers, jobs: {} });

t.test('why a registry gains nothing, from what the loop runs', async (t) => {
  for (const watched of [true, false]) {
    t.match(whyQuiet('static_sound', status([], false), watched), /^not moving: this service runs no loop/);
    t.equal(whyQuiet('static_sound', status([controller(['color_sweep', 'fill_gradient_camera'])]), watched),
      'not moving: nothing aims at sound keys; run a workflow with sound_sweep (the complete workflow has it)');
    t.equal(whyQuiet('static_color', status([controller(['narrative'])]), watched),
      'not moving: nothing aims at color keys; run a workflow with color_sweep (the complete workflow has it)');
    const since = new Date().toISOString();
    t.equal(whyQuiet('dynamic', status([controller(['explore'], { reason: 'stalled', detail: 'explore found nothing in its last 3 jobs', since })]), watched),
      'not moving: the loop idles (stalled): explore found nothing in its last 3 jobs');
  }
  t.equal(whyQuiet('static_color', status([controller(['color_sweep', 'explore', 'sound_sweep'])]), true),
    'no coverage gained in 10 min: color_sweep, explore aim at color keys and found no new one');
  t.equal(whyQuiet('static_color', status([controller(['color_sweep'])]), false), null, 'a service up for less than the window says nothing of its strategies');
  const since = new Date().toISOString();
  t.equal(whyQuiet('static_sound', status([controller(['sound_sweep'], { reason: 'stalled', detail: 'x', since }), controller(['exploit'])]), true),
    'no coverage gained in 10 min: sound_sweep, exploit aim at sound keys and found no new one', 'one aiming controller still runs');
});
