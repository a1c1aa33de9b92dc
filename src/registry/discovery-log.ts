import { isRetraction, LOG_PAGE, type Completion, type CoverageDelta, type Discovery, type LogRecord } from '../model/records.js';
import { announcedKey, PUBLISHED, seqOf, type StoreTables } from './tables.js';

/**
 * Events the bus has not acknowledged yet, from the discovery log after the acknowledged seq:
 * discoveries, the coverage deltas of the batches that made them, and completions not announced.
 */
export interface Undelivered {
  records: LogRecord[];
  coverage: CoverageDelta[];
  completed: Completion[];
  /** The last seq these events reach; acknowledge it once they are all published. */
  seq: number;
  /** The log's last seq: how far there is to go. */
  head: number;
}

/** The discovery log and its outbox: what was recorded, in order, and how far the bus has it. */
export class DiscoveryLog {
  constructor(private readonly tables: StoreTables) {}

  /** The last seq the bus acknowledged: events after it are still to be published. */
  get published(): number {
    return this.tables.meta.get(PUBLISHED) ?? 0;
  }

  /**
   * A store written before it kept an outbox has published what it could; delivery is counted
   * from its current seq on, with its completions taken as announced.
   */
  adoptOutbox(): void {
    if (this.tables.meta.get(PUBLISHED) !== undefined) return;
    this.tables.root.transactionSync(() => {
      this.tables.meta.put(PUBLISHED, seqOf(this.tables));
      for (const space of this.tables.completions.getKeys({})) this.tables.meta.put(announcedKey(space), 1);
    });
  }

  /** Events after `afterSeq` not yet acknowledged, up to `limit` discoveries; `completed` is every completion stored. */
  undelivered(afterSeq: number, limit: number, completed: Record<string, Completion>): Undelivered {
    const records = this.records(afterSeq, limit);
    const seq = records.length > 0 ? records[records.length - 1].seq : afterSeq;
    const coverage = [...this.tables.outbox.getRange({ start: afterSeq + 1, end: seq + 1 })].flatMap(({ value }) => value);
    const pending = Object.values(completed).filter((c) => c.seq <= seq && this.tables.meta.get(announcedKey(c.space)) === undefined);
    return { records, coverage, completed: pending, seq, head: seqOf(this.tables) };
  }

  /** Records that the bus holds every event up to `seq` and the completions of `spaces`. */
  acknowledge(seq: number, spaces: readonly string[]): void {
    this.tables.root.transactionSync(() => {
      if (seq > this.published) this.tables.meta.put(PUBLISHED, Math.min(seq, seqOf(this.tables)));
      for (const key of [...this.tables.outbox.getKeys({ end: seq + 1 })]) this.tables.outbox.remove(key);
      for (const space of spaces) this.tables.meta.put(announcedKey(space), 1);
    });
  }

  /** Discovery-log records (discoveries and retractions) after `afterSeq`, in order. */
  records(afterSeq = 0, limit = LOG_PAGE): LogRecord[] {
    return [...this.tables.log.getRange({ start: afterSeq + 1, limit }).map(({ value }) => value)];
  }

  /** Discoveries after `afterSeq`, in order, up to `limit` (retractions are skipped). */
  discoveries(afterSeq = 0, limit = LOG_PAGE): Discovery[] {
    const out: Discovery[] = [];
    for (const { value } of this.tables.log.getRange({ start: afterSeq + 1 })) {
      if (out.length >= limit) break;
      if (!isRetraction(value)) out.push(value);
    }
    return out;
  }
}
