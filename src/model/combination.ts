import { COMBINATION_SEPARATOR } from '../base/values.js';

export function combinationKey(values: readonly string[]): string {
  return values.join(COMBINATION_SEPARATOR);
}

/** Every combination key of the given value lists, in list order. */
export function crossProduct(lists: readonly (readonly string[])[]): string[] {
  return lists.reduce<string[]>(
    (acc, list) => acc.flatMap((prefix) => list.map((v) => (prefix ? prefix + COMBINATION_SEPARATOR + v : v))),
    [''],
  );
}
