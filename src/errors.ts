/** The one catalogue of API errors: every failure a client can see is one of these. */
export const ERRORS = {
  BAD_REQUEST: { status: 400, message: 'Bad request' },
  VALIDATION: { status: 400, message: 'Invalid parameters' },
  AUTH_FAILED: { status: 401, message: 'Authentication failed' },
  FORBIDDEN: { status: 403, message: 'Access denied' },
  NO_API_ACCESS: { status: 403, message: 'This administrator is not granted API access' },
  IP_BANNED: { status: 403, message: 'IP address banned' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  UNKNOWN_ACTION: { status: 404, message: 'Unknown resource action' },
  UNSUPPORTED_VERSION: { status: 404, message: 'Unsupported API version' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time' },
  CONFLICT: { status: 409, message: 'Conflict' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Request body too large' },
  RANGE_NOT_SATISFIABLE: { status: 416, message: 'Requested range not satisfiable' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, message: 'Request headers too large' },
  INTERNAL: { status: 500, message: 'Internal server error' },
  UNAVAILABLE: { status: 503, message: 'Service temporarily unavailable' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export interface ParamError {
  param: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly errors?: ParamError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }
}

/** The most characters of a value from the request an error message repeats: a reply must not grow with what was sent. */
export const ECHO_MAX_CHARS = 100;

/** The longest message an error reply carries, the longest message of one parameter error, and how many of those it lists. */
export const MESSAGE_MAX_CHARS = 1000;
export const PARAM_MESSAGE_MAX_CHARS = 500;
export const MAX_PARAM_ERRORS = 20;

/** `text` cut to `max` characters with an ellipsis, never between the two halves of a surrogate pair. */
export function clip(text: string, max = ECHO_MAX_CHARS): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/** A value from the request as an error message repeats it: quoted, and clipped. */
export const quote = (value: unknown) => `"${clip(String(value))}"`;

/** Parameter errors as a reply lists them: the first few, each name clipped. */
export function boundedParamErrors(errors: readonly ParamError[]): ParamError[] {
  return errors.slice(0, MAX_PARAM_ERRORS).map((e) => ({ param: clip(e.param), message: clip(e.message, PARAM_MESSAGE_MAX_CHARS) }));
}

export const badRequest = (message: string, errors?: ParamError[]) => new ApiError('BAD_REQUEST', message, errors);

export function invalidParams(errors: ParamError[]): ApiError {
  const listed = boundedParamErrors(errors);
  const unlisted = errors.length - listed.length;
  const summary = listed.map((e) => `${e.param} ${e.message}`).join('; ') + (unlisted > 0 ? `; and ${unlisted} more` : '');
  return new ApiError('VALIDATION', `Invalid parameters: ${summary}`, listed);
}

export const notFound = (what: string, id?: number | string) =>
  new ApiError('NOT_FOUND', id === undefined ? `${what} not found` : `${what} ${id} not found`);
export const conflict = (message: string) => new ApiError('CONFLICT', message);
export const forbidden = (message: string) => new ApiError('FORBIDDEN', message);

/** Maps a status code (from Fastify or a plugin) to the catalogue entry that carries it. */
export function codeForStatus(status: number): ErrorCode {
  const match = (Object.keys(ERRORS) as ErrorCode[]).find((code) => ERRORS[code].status === status);
  return match ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}
