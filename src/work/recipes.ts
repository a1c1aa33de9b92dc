import { MotionRegistryError } from '../base/errors.js';
import { isSceneSpec, sceneRecipe } from '../loop/spec-job.js';
import { fillRecipe, isFillSpec } from '../loop/fill.js';
import { colorSweepRecipe, isColorSweepSpec } from '../loop/sweep/colors.js';
import { isSoundSweepSpec, soundSweepRecipe } from '../loop/sweep/sounds.js';
import { isMediaSpec, mediaRecipe } from './media.js';
import type { WorkOrder } from '../loop/order.js';
import type { Recipe, WorkRuntime } from '../loop/recipe.js';

/** The recipe of a job's spec: a scene, a color or sound sweep clip, or a combination fill. */
export function recipeFor(rt: WorkRuntime, order: WorkOrder): Recipe {
  const { spec, id } = order.job;
  if (isSceneSpec(spec)) return sceneRecipe(rt, order, spec);
  if (isColorSweepSpec(spec)) return colorSweepRecipe(rt, order, spec);
  if (isSoundSweepSpec(spec)) return soundSweepRecipe(rt, order, spec);
  if (isFillSpec(spec)) return fillRecipe(rt, order, spec);
  if (isMediaSpec(spec)) return mediaRecipe(rt, order, spec);
  const kind = (spec as { kind?: unknown } | null)?.kind;
  throw new MotionRegistryError('INPUT_INVALID', `job ${id} has a spec no recipe renders (kind ${JSON.stringify(kind ?? null)})`, { job_id: id });
}
