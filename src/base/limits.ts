/** The most records one list carries: `?last=N` over HTTP, stored jobs, learning runs. */
export const LIST_MAX = 10_000;
/** How many of the most recent records a list carries when no length is asked for. */
export const LIST_DEFAULT = 100;
/** Problems one validation answer names at most; the rest are counted. */
export const PROBLEMS_MAX = 20;
