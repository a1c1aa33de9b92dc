import t from 'tap';

// The package as a dependent imports it, through the `exports` map of package.json.
t.test('the library entry carries the registry, extraction, creation and the buses, not the service', async (t) => {
  const lib = await import('motion-registry');
  for (const name of ['loadConfig', 'VALUES', 'openRegistry', 'RegistryActor', 'MemoryBus', 'NatsBus', 'SUBJECTS', 'extractFile', 'interpret', 'colorKey', 'MotionRegistryError']) {
    t.ok(name in lib, name);
  }
  for (const name of ['buildApi', 'runLoop', 'openRuntime']) t.notOk(name in lib, `${name} is the service's`);
});

t.test('the service entry carries the runtime, the loop and the API', async (t) => {
  const service = await import('motion-registry/service');
  for (const name of ['openRuntime', 'runLoop', 'LoopController', 'buildApi', 'startApi', 'exportDocument']) t.equal(typeof (service as Record<string, unknown>)[name], 'function', name);
});
