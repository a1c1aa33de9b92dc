/** The renderer's face: the scene renderer, its frames, and the screen bands its depth layers are seen in. */
export { SceneRenderer, renderFrames } from './scene.js';
export { BANDS } from './layers.js';
export type { CameraState, LayerTransform } from './camera.js';
export type { SubjectState } from './subject-path.js';
