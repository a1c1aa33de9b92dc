/**
 * The one catalogue of typed errors. Every error the service reports — in logs, API answers,
 * CLI messages and events — carries one of these stable codes and the same JSON shape.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: { status: 400, summary: 'configuration is invalid' },
  CONFIG_UNREADABLE: { status: 500, summary: 'configuration file cannot be read' },
  OBSERVATION_INVALID: { status: 400, summary: 'an observation in the batch is invalid' },
  BATCH_INVALID: { status: 400, summary: 'the batch is invalid' },
  REGISTRY_UNKNOWN: { status: 404, summary: 'no such registry' },
  STORE_UNAVAILABLE: { status: 503, summary: 'the registry store cannot be opened' },
  STORE_CLOSED: { status: 503, summary: 'the registry store is closed' },
  STORE_LOCKED: { status: 409, summary: 'another process writes to this data dir' },
  BUS_UNAVAILABLE: { status: 503, summary: 'the NATS bus cannot be reached' },
  INPUT_INVALID: { status: 400, summary: 'the input is invalid' },
  UNAUTHORIZED: { status: 401, summary: 'a valid bearer token is needed' },
  RATE_LIMITED: { status: 429, summary: 'too many requests or too much work at once; retry after the time given' },
  INPUT_TOO_LARGE: { status: 413, summary: 'the input is too large' },
  UNAVAILABLE: { status: 503, summary: 'the service cannot do this now' },
  FFMPEG_NOT_FOUND: { status: 500, summary: 'no ffmpeg binary was found' },
  DECODE_FAILED: { status: 422, summary: 'the media could not be decoded' },
  DECODE_TIMEOUT: { status: 422, summary: 'the decoder stalled' },
  NOT_FOUND: { status: 404, summary: 'not found' },
  JOB_INTERRUPTED: { status: 500, summary: 'the process stopped before the job finished' },
  JOB_CANCELLED: { status: 409, summary: 'the job was cancelled before it finished' },
  WORK_LOST: { status: 500, summary: 'the job went to workers as often as allowed and none finished it' },
  INTERNAL: { status: 500, summary: 'internal error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorJSON {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class MotionRegistryError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MotionRegistryError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  toJSON(): ErrorJSON {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  /** Rebuilds an error that crossed a thread or process boundary as plain JSON. */
  static fromJSON(json: ErrorJSON): MotionRegistryError {
    return new MotionRegistryError(json.code, json.message, json.details);
  }
}

export function isErrorJSON(value: unknown): value is ErrorJSON {
  return typeof value === 'object' && value !== null
    && typeof (value as ErrorJSON).code === 'string' && Object.hasOwn(ERROR_CODES, (value as ErrorJSON).code)
    && typeof (value as ErrorJSON).message === 'string';
}

/** Any thrown value as a catalogue error; unknown failures become INTERNAL with their message. */
export function toMotionRegistryError(err: unknown): MotionRegistryError {
  if (err instanceof MotionRegistryError) return err;
  if (isErrorJSON(err)) return MotionRegistryError.fromJSON(err);
  const message = err instanceof Error ? err.message : String(err);
  return new MotionRegistryError('INTERNAL', message, undefined, { cause: err });
}

/** The one-line form used by the CLI and log messages: `E_CODE: message`. */
export function formatError(err: unknown): string {
  const e = toMotionRegistryError(err);
  return `${e.code}: ${e.message}`;
}
