/** `?last=N`: the most recent N records (1 … 10,000). */
export const lastQuery = (fallback: number) => ({
  type: 'object',
  additionalProperties: false,
  properties: { last: { type: 'integer', minimum: 1, maximum: 10_000, default: fallback } },
});
