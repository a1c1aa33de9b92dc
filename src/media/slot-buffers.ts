/**
 * Shared memory for decoders' chunk slots, kept for the next decoder of the same size.
 *
 * Every stream of every job needs a buffer of a few megabytes, and the extraction workers it is
 * shared with keep it alive until their own garbage collection, which can be many jobs later.
 * Allocated afresh each time, those buffers are freed late and out of order, and the process's
 * allocator keeps the holes they leave: resident memory climbs with every job. Reused, the same
 * few buffers serve every job.
 */

/** Bytes kept for reuse at most; a buffer beyond that is left to the garbage collector. */
export const SLOT_BUFFERS_MAX_BYTES = 64 * 1024 * 1024;

const free = new Map<number, SharedArrayBuffer[]>();
/** Kept buffers, least recently returned first. */
const order: SharedArrayBuffer[] = [];
let kept = 0;

/** A buffer of exactly `bytes`, reused when one is kept (its content is then what was last written). */
export function takeSlotBuffer(bytes: number): SharedArrayBuffer {
  const buffer = free.get(bytes)?.pop();
  if (buffer === undefined) return new SharedArrayBuffer(bytes);
  order.splice(order.indexOf(buffer), 1);
  kept -= bytes;
  return buffer;
}

/** Keeps a buffer no chunk refers to any more; the oldest kept ones are dropped past the limit. */
export function returnSlotBuffer(buffer: SharedArrayBuffer): void {
  if (buffer.byteLength > SLOT_BUFFERS_MAX_BYTES) return;
  const list = free.get(buffer.byteLength) ?? [];
  free.set(buffer.byteLength, list);
  list.push(buffer);
  order.push(buffer);
  kept += buffer.byteLength;
  while (kept > SLOT_BUFFERS_MAX_BYTES) {
    const oldest = order.shift()!;
    const same = free.get(oldest.byteLength)!;
    same.splice(same.indexOf(oldest), 1);
    kept -= oldest.byteLength;
  }
}

/** Bytes kept for reuse (tests). */
export function slotBuffersKept(): number {
  return kept;
}
