import { LIST_MAX } from '../base/limits.js';

/** `last=N`: the most recent N records (1 … LIST_MAX). */
export const lastProperty = (fallback: number) => ({ type: 'integer', minimum: 1, maximum: LIST_MAX, default: fallback });

/** `?last=N` alone. */
export const lastQuery = (fallback: number) => ({
  type: 'object',
  additionalProperties: false,
  properties: { last: lastProperty(fallback) },
});
