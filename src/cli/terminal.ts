/**
 * The screen a command writes to. On a terminal it may show one live status bar (cli-progress, on
 * stderr); everything else a command writes — log lines, errors, summaries — goes through here, so
 * the bar is cleared before the text and drawn again below it, and is gone from the screen once it
 * stops. Off a terminal there is no bar and text is written as it comes.
 */
import cliProgress, { type MultiBar, type SingleBar } from 'cli-progress';

// A CommonJS module whose `Format` is not found as a named export.
const { Format, Presets } = cliProgress;

/** A live status bar; its format is cli-progress's, cut to the terminal's width. */
export interface Status {
  update(value: number, payload?: Record<string, unknown>): void;
  setTotal(total: number): void;
  /** Clears the bar from the screen (also done by the next bar, any summary and the process's exit). */
  stop(): void;
}

let bars: MultiBar | null = null;

/** `text` in at most `width` characters, with an ellipsis where it was cut. */
export function cut(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? text.slice(0, Math.max(0, width)) : `${text.slice(0, width - 1)}…`;
}

/** Starts the status bar (replacing any other), or returns null when stderr is not a terminal. */
export function statusBar(format: string, total: number, payload: Record<string, unknown> = {}): Status | null {
  if (!process.stderr.isTTY) return null;
  clearStatus();
  const multi = new cliProgress.MultiBar({
    stream: process.stderr, hideCursor: true, clearOnComplete: true,
    // Line wrapping stays on for the log lines written above the bar (the bar itself is cut to the width).
    linewrap: true,
    // The bar gives room to the counts beside it on a narrow terminal.
    barsize: Math.max(10, Math.min(40, Math.floor(process.stderr.columns / 6))),
  }, Presets.shades_classic);
  // Cut one column short of the width: a full line would leave the cursor waiting to wrap.
  const bar: SingleBar = multi.create(total, 0, payload, {
    format: (options, params, values) => cut(Format.Formatter({ ...options, format }, params, values), params.maxWidth - 1),
  });
  bars = multi;
  return {
    update: (value, values) => bar.update(value, values ?? {}),
    setTotal: (n) => bar.setTotal(n),
    stop: () => {
      if (bars === multi) clearStatus();
    },
  };
}

/** Clears the live status bar, if any, from the screen. */
export function clearStatus(): void {
  const multi = bars;
  bars = null;
  multi?.stop();
}

// A process that exits mid-bar (a second Ctrl-C) leaves no bar and no hidden cursor behind.
process.on('exit', clearStatus);

/** Text for stderr (log lines, notices): above the live bar, which is drawn again below it. */
export function writeErr(text: string): void {
  if (bars) {
    bars.log(text);
    bars.update();
  } else process.stderr.write(text);
}

/** Command output for stdout: a result comes after the work, so the bar is cleared first. */
export function print(text: string): void {
  clearStatus();
  process.stdout.write(text);
}
