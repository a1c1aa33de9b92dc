// motion-registry/service: the running service — its runtime, the loop that drives the registries
// toward completion, and the HTTP API.
export { openRuntime } from './app/runtime.js';
export { exportDocument, type ExportDocument } from './app/export.js';
export type { LoopRuntime } from './loop/runtime.js';
export { LoopController } from './loop/controller.js';
export { runLoop } from './loop/service.js';
export { loadWorkflows, selectWorkflows, type Workflow } from './loop/workflows.js';
export { loopProgress, jobMetrics, type LoopProgress } from './loop/metrics.js';
export { sweepColors } from './loop/sweep/colors.js';
export { sweepSounds } from './loop/sweep/sounds.js';
export { buildApi, startApi, type ApiDeps } from './api/server.js';
