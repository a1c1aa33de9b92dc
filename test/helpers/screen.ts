import { spawn } from 'node:child_process';
import { BIN } from './cli.js';

/**
 * A terminal's screen fed a program's output: the part of a VT100 that the CLI's output uses
 * (carriage returns, cursor moves, erasing, line wrapping), enough to tell what is left on screen
 * and whether any line ran past the right edge. A sequence it does not know is an error.
 */
export class Screen {
  private readonly rows: string[][] = [[]];
  /** Whether a row holds the continuation of the line above it, wrapped at the right edge. */
  private readonly continued: boolean[] = [];
  private row = 0;
  /** May equal the width: the cursor then waits to wrap at the next character. */
  private col = 0;
  private autowrap = true;
  private saved = { row: 0, col: 0 };
  /** Each line that ran past the right edge (to the next row, or over its last column), as its first row read then. */
  readonly overflows: string[] = [];
  /** Characters written over the last column while line wrapping was off: text lost from the screen. */
  clipped = 0;

  constructor(readonly width: number) {}

  feed(output: string): this {
    const token = /\x1b\[(\??)([\d;]*)([A-Za-z])|\x1b([78])|\x1b(.)|([\r\n\b])|([^\x1b\r\n\b])/gsu;
    for (const m of output.matchAll(token)) {
      if (m[3] !== undefined) this.csi(m[1], m[2] === '' ? [] : m[2].split(';').map(Number), m[3], m[0]);
      else if (m[4] === '7') this.saved = { row: this.row, col: this.col };
      else if (m[4] === '8') ({ row: this.row, col: this.col } = this.saved);
      else if (m[5] !== undefined) throw new Error(`unknown escape ${JSON.stringify(m[0])}`);
      else if (m[6] === '\r') this.col = 0;
      else if (m[6] === '\n') this.moveTo(this.row + 1, this.col);
      else if (m[6] === '\b') this.col = Math.max(0, Math.min(this.col, this.width - 1) - 1);
      else this.put(m[7]);
    }
    return this;
  }

  /** The screen's rows as text, trailing blanks and blank rows at the end removed. */
  lines(): string[] {
    const text = this.rows.map((r) => Array.from(r, (c) => c ?? ' ').join('').trimEnd());
    while (text.length > 0 && text[text.length - 1] === '') text.pop();
    return text;
  }

  private line(): string[] {
    while (this.rows.length <= this.row) this.rows.push([]);
    return this.rows[this.row];
  }

  private moveTo(row: number, col: number): void {
    this.row = Math.max(0, row);
    this.col = Math.max(0, Math.min(col, this.width - 1));
    this.line();
  }

  private put(ch: string): void {
    if (this.col >= this.width) {
      let first = this.row;
      while (this.continued[first]) first -= 1;
      this.overflows.push(Array.from(this.rows[first], (c) => c ?? ' ').join(''));
      if (this.autowrap) {
        this.moveTo(this.row + 1, 0);
        this.continued[this.row] = true;
      } else {
        this.col = this.width - 1;
        this.clipped += 1;
      }
    }
    this.line()[this.col] = ch;
    this.col += 1;
  }

  private csi(privateMode: string, args: number[], final: string, raw: string): void {
    const n = args[0] ?? 0;
    const count = Math.max(1, n);
    if (privateMode === '?') {
      if (n === 7 && (final === 'h' || final === 'l')) this.autowrap = final === 'h';
      else if (n !== 25 || (final !== 'h' && final !== 'l')) throw new Error(`unknown sequence ${JSON.stringify(raw)}`);
      return;
    }
    const row = this.line();
    const at = Math.min(this.col, this.width - 1);
    switch (final) {
      case 'm': return;
      case 'A': return this.moveTo(this.row - count, this.col);
      case 'B': return this.moveTo(this.row + count, this.col);
      case 'C': return this.moveTo(this.row, this.col + count);
      case 'D': return this.moveTo(this.row, this.col - count);
      case 'G': return this.moveTo(this.row, count - 1);
      case 'H': return this.moveTo(count - 1, (args[1] ?? 1) - 1);
      case 'K':
        if (n === 0) row.length = Math.min(row.length, at);
        else if (n === 1) row.fill(' ', 0, at + 1);
        else row.length = 0;
        return;
      case 'J':
        if (n !== 0) throw new Error(`unknown sequence ${JSON.stringify(raw)}`);
        row.length = Math.min(row.length, at);
        this.rows.length = this.row + 1;
        this.continued.length = this.row + 1;
        return;
      default: throw new Error(`unknown sequence ${JSON.stringify(raw)}`);
    }
  }
}

export interface TerminalRun {
  code: number | null;
  /** The output as the terminal received it (escape sequences included). */
  output: string;
  screen: Screen;
}

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/**
 * `motion-registry <args>` in a pseudo-terminal `cols` wide (util-linux `script`), as a person runs
 * it; resolves with its exit code and the screen it leaves.
 */
export async function inTerminal(cols: number, args: string[], env: Record<string, string> = {}): Promise<TerminalRun> {
  const command = `stty cols ${cols} rows 50; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    env: { ...process.env, TERM: 'xterm-256color', MOTION_REGISTRY_LOG__LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output, screen: new Screen(cols).feed(output) };
}
