import { MemoryBus } from '../../src/events/memory.js';
import { openRegistry } from '../../src/app/record-then-publish.js';
import { createLogger } from '../../src/base/log.js';
import { openRuntime } from '../../src/app/runtime.js';
import type { LoopRuntime } from '../../src/loop/runtime.js';
import { tempDataDir, testConfig } from './store.js';

type Teardown = { teardown(fn: () => unknown): void };

/** A loop runtime over a fresh store in a temp dir, closed when the test ends. Small, short clips by default. */
export async function testRuntime(t: Teardown, overrides: Record<string, unknown> = {}, options: { keepClips?: boolean; dataDir?: string } = {}): Promise<LoopRuntime> {
  const config = testConfig(options.dataDir ?? tempDataDir(t), {
    loop: { width: 128, height: 72, fps: 12 },
    pipeline: { workers: 1 },
    ...overrides,
  });
  const bus = new MemoryBus();
  const actor = await openRegistry({ config, bus });
  const rt = await openRuntime({ config, actor, bus, log: createLogger('silent'), keepClips: options.keepClips });
  t.teardown(async () => {
    await rt.close();
    await actor.close();
  });
  return rt;
}
