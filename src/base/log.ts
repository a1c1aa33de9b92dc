import { pino, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger } from 'pino';

export interface LogOutput {
  /** Human lines (pino-pretty) instead of JSON. */
  pretty?: boolean;
  /** Where each line goes (default: stderr, so that stdout stays for command output). */
  write?: (text: string) => void;
}

/** Structured logs: JSON lines, or one human line per record for a person at a terminal. */
export function createLogger(level: string, output: LogOutput = {}): Logger {
  const name = 'motion-registry';
  if (!output.pretty && !output.write) return pino({ name, level }, pino.destination(2));
  const write = output.write ?? ((text: string) => process.stderr.write(text));
  const format = output.pretty
    ? prettyFactory({ colorize: process.stderr.hasColors?.() ?? false, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name', singleLine: true })
    : (line: string) => line;
  return pino({ name, level }, { write: (line: string) => write(format(line)) });
}
