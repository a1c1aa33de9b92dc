/**
 * lighting_contrast_ratio and lighting_color_temperature: the grade the renderer aims each value at
 * (src/create/render/grade.ts) and the thresholds the lighting analyzer
 * (src/extract/dynamic/visual-light.ts) separates them by. Chiaroscuro is a lit pool, read by its
 * shape rather than by a level. The holds on the light live with the domains they protect.
 */

// --- renderer levels ------------------------------------------------------------------------------

/** Graded luma standard deviation targets (0–255). */
export const CONTRAST_STD: Record<string, number> = { flat: 16, normal: 42, high: 70, chiaroscuro: 62 };
/** Graded mean(R − B) targets. */
export const TEMPERATURE_RB: Record<string, number> = { warm: 36, neutral: 0, cool: -36 };

// --- analyzer thresholds --------------------------------------------------------------------------

/** Pooled luma standard deviation: flat < FLAT_MAX_STD ≤ normal < HIGH_MIN_STD ≤ high. */
export const FLAT_MAX_STD = 26;
export const HIGH_MIN_STD = 54;
/** mean(R − B) ≥ WARM_MIN_RB → warm, ≤ −WARM_MIN_RB → cool, else neutral. */
export const WARM_MIN_RB = 15;
