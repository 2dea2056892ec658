/** One problem with one parameter, as the server lists it in `response.errors`. */
export interface ParamError {
  readonly param: string;
  readonly message: string;
}

export interface TeamProErrorDetails {
  readonly errors?: readonly ParamError[];
  /** `request.action` of the reply, e.g. projects/100. */
  readonly action?: string;
  /** The server's request id (X-Request-Id), to quote when reporting a 500. */
  readonly requestId?: string;
  /** Seconds to wait, from Retry-After (429, 503, banned IP). */
  readonly retryAfter?: number;
  readonly cause?: unknown;
}

/**
 * A call that did not succeed. `code` is the HTTP status (equal to the envelope's `request.code`),
 * or 0 when no reply arrived at all (network error, see TeamProNetworkError).
 */
export class TeamProError extends Error {
  override readonly name: string = 'TeamProError';
  readonly errors: readonly ParamError[];
  readonly action?: string;
  readonly requestId?: string;
  readonly retryAfter?: number;

  constructor(
    readonly code: number,
    message: string,
    details: TeamProErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.errors = details.errors ?? [];
    this.action = details.action;
    this.requestId = details.requestId;
    this.retryAfter = details.retryAfter;
  }

  /** True for 400 replies that name the params at fault. */
  get isValidation(): boolean {
    return this.code === 400 && this.errors.length > 0;
  }
}

/** No reply: the server could not be reached, the connection broke, or the call was aborted. */
export class TeamProNetworkError extends TeamProError {
  override readonly name = 'TeamProNetworkError';

  constructor(message: string, cause: unknown) {
    super(0, message, { cause });
  }
}
