// motion-registry as a library: the registry and its model, extraction, creation and the event
// buses. The running service (HTTP API, loop, runtime) is the `motion-registry/service` entry.

// Configuration and errors
export { loadConfig, validateConfig } from './base/config.js';
export type { Config } from './base/config-schema.js';
export { VALUES } from './base/values.js';
export { MotionRegistryError, ERROR_CODES, type ErrorCode, type ErrorJSON } from './base/errors.js';

// Model: registries, keys, names, completion targets, records
export { CompletionTargets, type DomainTarget, type RegistryTarget } from './model/targets.js';
export { REGISTRIES, type RegistryName } from './model/registries.js';
export { colorKey, colorDepth, colorFamily, parseColorKey } from './model/color.js';
export { soundKey, soundDepth, parseSoundKey } from './model/sound.js';
export { dynamicKey } from './model/dynamic.js';
export { narrativeKey } from './model/narrative.js';
export { declaredName, nameFor } from './model/names.js';
export type * from './model/records.js';
export { isRetraction } from './model/records.js';

// The registry: one writer per data dir, its events published after each commit
export { openRegistry, type RegistryOptions } from './app/record-then-publish.js';
export { RegistryActor, type ActorOptions } from './registry/actor.js';
export type { CoverageReport } from './registry/coverage.js';
export type { DeliveryState } from './registry/delivery.js';
export type { JobRecord, LearningRun } from './registry/jobs.js';

// Events
export type { Bus, BusMessage, BusState, PublishOptions, Subscription } from './events/bus.js';
export { MemoryBus } from './events/memory.js';
export { NatsBus } from './events/nats.js';
export { openBus } from './events/open.js';
export { SUBJECTS, subjectMatches, type LoopEvents, type LoopEventName, type JobSummary } from './events/subjects.js';
export { onLoopEvent } from './events/loop-events.js';

// Extraction
export { extractFile, type ExtractOptions, type FileExtraction } from './extract/extract.js';
export { ExtractionPool } from './extract/pool.js';
export { resolveFfmpeg } from './media/ffmpeg.js';

// Creation
export { interpret } from './create/interpreter/interpret.js';
export { describe } from './create/interpreter/describe.js';
export { validateSpec, neutralSpec } from './create/spec.js';
export type { SceneSpec } from './model/scene.js';
export { encodeClip } from './create/encode.js';
export { synthesizeAudio } from './create/audio.js';
