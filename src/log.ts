import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Structured logs go to stderr so that stdout stays for command output. */
export function createLogger(level: string, name = 'motion-registry'): Logger {
  return pino({ name, level }, pino.destination(2));
}
