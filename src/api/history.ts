import type { RegistryActor } from '../registry/actor.js';
import type { CompletionTargets } from '../model/targets.js';
import { REGISTRIES, type RegistryName } from '../model/registries.js';
import { isRetraction, LOG_PAGE, type LogRecord } from '../model/records.js';

/** The longest window served: a day of minutes. */
export const HISTORY_MAX_MINUTES = 1440;
/** Log records read per call to the registry while catching up. */

const MINUTE_MS = 60_000;
export const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS);

type PerRegistry = Record<RegistryName, number>;
const zeros = (): PerRegistry => Object.fromEntries(REGISTRIES.map((r) => [r, 0])) as PerRegistry;

/** One minute of the log: discoveries in it, and headline coverage at its end. */
interface MinuteTally {
  minute: number;
  discoveries: PerRegistry;
  coverage: PerRegistry;
}

export interface RegistryHistory {
  cells: number;
  /** Discoveries (new cell, evidence pairs) per minute, oldest first. */
  discoveries: number[];
  /** Headline coverage (covered units) at the end of each minute. */
  coverage: number[];
}

export interface HistoryWindow {
  minutes: number;
  /** Start of the first minute and end of the last one. */
  from: string;
  to: string;
  /** The last discovery-log seq counted: live events after it extend the window. */
  seq: number;
  registries: Record<RegistryName, RegistryHistory>;
}

/**
 * Discoveries per minute and headline coverage over time, replayed from the discovery log. The
 * log is read once and then followed from where it was left; a day of minutes is kept.
 *
 * Coverage replays the store's rule over the log: a unit is covered while some (key, evidence)
 * pair of it that counts toward its domain is in the log and not retracted.
 */
export class DiscoveryHistory {
  private seq = 0;
  private readonly pairs = new Map<string, number>();
  private readonly covered = zeros();
  private readonly minutes: MinuteTally[] = [];
  /** Coverage before the oldest minute kept. */
  private base = zeros();
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly actor: RegistryActor, private readonly targets: CompletionTargets) {}

  /** The last `minutes` minutes up to now, after reading what the log has gained. */
  async window(minutes: number, now = Date.now()): Promise<HistoryWindow> {
    await this.catchUp();
    const last = minuteOf(now);
    const first = last - minutes + 1;
    this.prune(last);
    const registries = Object.fromEntries(REGISTRIES.map((r): [RegistryName, RegistryHistory] =>
      [r, { cells: this.targets.registries[r].cells, discoveries: [], coverage: [] }])) as Record<RegistryName, RegistryHistory>;
    let coverage = this.base;
    let i = 0;
    for (; i < this.minutes.length && this.minutes[i].minute < first; i++) coverage = this.minutes[i].coverage;
    for (let minute = first; minute <= last; minute++) {
      const tally = this.minutes[i]?.minute === minute ? this.minutes[i++] : null;
      if (tally) coverage = tally.coverage;
      for (const r of REGISTRIES) {
        registries[r].discoveries.push(tally?.discoveries[r] ?? 0);
        registries[r].coverage.push(coverage[r]);
      }
    }
    return { minutes, from: new Date(first * MINUTE_MS).toISOString(), to: new Date((last + 1) * MINUTE_MS).toISOString(), seq: this.seq, registries };
  }

  /** Reads the log past what was read; one reader at a time. */
  private catchUp(): Promise<void> {
    this.reading = this.reading.then(async () => {
      for (;;) {
        const page = await this.actor.records(this.seq, LOG_PAGE);
        for (const record of page) this.count(record);
        this.prune(minuteOf(Date.now()));
        if (page.length < LOG_PAGE) return;
      }
    });
    return this.reading;
  }

  private count(record: LogRecord): void {
    this.seq = record.seq;
    const tally = this.tallyAt(minuteOf(Date.parse(record.at)));
    const retracted = isRetraction(record);
    if (!retracted) tally.discoveries[record.registry] += 1;
    const target = this.targets.domain(record.registry, record.domain);
    if (!target?.headline || record.unit === null || !this.targets.counts(target, record.evidence, record.unit)) return;
    const unit = `${record.registry}/${record.domain}/${record.unit}`;
    const before = this.pairs.get(unit) ?? 0;
    const after = before + (retracted ? -1 : 1);
    this.pairs.set(unit, after);
    if ((before === 0) !== (after === 0)) this.covered[record.registry] += after === 0 ? -1 : 1;
    tally.coverage = { ...this.covered };
  }

  /** The tally of a minute, opened after the last one (a record stamped earlier joins the last). */
  private tallyAt(minute: number): MinuteTally {
    const last = this.minutes[this.minutes.length - 1];
    if (last && last.minute >= minute) return last;
    const tally = { minute, discoveries: zeros(), coverage: { ...this.covered } };
    this.minutes.push(tally);
    return tally;
  }

  private prune(lastMinute: number): void {
    let drop = 0;
    while (drop < this.minutes.length && this.minutes[drop].minute <= lastMinute - HISTORY_MAX_MINUTES) drop++;
    if (drop === 0) return;
    this.base = this.minutes[drop - 1].coverage;
    this.minutes.splice(0, drop);
  }
}
