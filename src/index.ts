// Public entry of motion-registry: the registry actor, its model and the bus.
export { loadConfig, validateConfig, type Config } from './config/load.js';
export { ORIGINS } from './config/origins.js';
export { MotionRegistryError, ERROR_CODES, type ErrorCode, type ErrorJSON } from './errors/catalogue.js';
export { RegistryActor, type ActorOptions } from './registry/actor.js';
export { CompletionTargets, REGISTRIES, type RegistryName, type DomainTarget, type RegistryTarget } from './registry/targets.js';
export type { CoverageReport } from './registry/coverage.js';
export { colorKey, colorDepth, colorFamily, parseColorKey } from './registry/color.js';
export { soundKey, soundDepth, parseSoundKey } from './registry/sound.js';
export { dynamicKey } from './registry/dynamic.js';
export { narrativeKey } from './registry/narrative.js';
export { declaredName, nameFor } from './registry/names.js';
export type * from './registry/types.js';
export { MemoryBus } from './bus/memory.js';
export { SUBJECTS, subjectMatches } from './bus/subjects.js';
export type { Bus, BusMessage, PublishOptions, Subscription } from './bus/bus.js';
