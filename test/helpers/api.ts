import type { Test } from 'tap';
import { buildApi } from '../../src/api/server.js';
import { MemoryBus } from '../../src/events/memory.js';
import { openRegistry } from '../../src/app/record-then-publish.js';
import { tempDataDir, testConfig } from './store.js';

/** An API over a fresh store in a temp dir and an in-process bus (no loop, no runtime), closed at teardown. */
export async function storeApi(t: Test) {
  const config = testConfig(tempDataDir(t));
  const bus = new MemoryBus();
  const actor = await openRegistry({ config, bus });
  const app = buildApi({ config, actor, bus });
  t.teardown(async () => {
    await app.close();
    await actor.close();
  });
  return { config, bus, actor, app };
}
