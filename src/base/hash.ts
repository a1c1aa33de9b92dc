/** 32-bit FNV-1a: a small stable hash, the same in any process, for seeds and tie-breaks (not for security). */

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over `count` units; `seed` is mixed into the offset basis (0 gives the standard hash). */
function fnv1a(count: number, unitAt: (i: number) => number, seed: number): number {
  let h = (FNV_OFFSET_BASIS ^ seed) >>> 0;
  for (let i = 0; i < count; i++) h = Math.imul(h ^ unitAt(i), FNV_PRIME) >>> 0;
  return h;
}

/** FNV-1a over the UTF-16 code units of a string. */
export function fnv1aUtf16(text: string, seed = 0): number {
  return fnv1a(text.length, (i) => text.charCodeAt(i), seed);
}

/** FNV-1a over the UTF-8 bytes of a string. */
export function fnv1aUtf8(text: string, seed = 0): number {
  const bytes = new TextEncoder().encode(text);
  return fnv1a(bytes.length, (i) => bytes[i], seed);
}
