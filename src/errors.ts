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
  CONFLICT: { status: 409, message: 'Conflict' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Request body too large' },
  RANGE_NOT_SATISFIABLE: { status: 416, message: 'Requested range not satisfiable' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many requests' },
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

export const badRequest = (message: string, errors?: ParamError[]) => new ApiError('BAD_REQUEST', message, errors);
export const invalidParams = (errors: ParamError[]) =>
  new ApiError('VALIDATION', `Invalid parameters: ${errors.map((e) => `${e.param} ${e.message}`).join('; ')}`, errors);
export const notFound = (what: string, id?: number | string) =>
  new ApiError('NOT_FOUND', id === undefined ? `${what} not found` : `${what} ${id} not found`);
export const conflict = (message: string) => new ApiError('CONFLICT', message);
export const forbidden = (message: string) => new ApiError('FORBIDDEN', message);

/** Maps a status code (from Fastify or a plugin) to the catalogue entry that carries it. */
export function codeForStatus(status: number): ErrorCode {
  const match = (Object.keys(ERRORS) as ErrorCode[]).find((code) => ERRORS[code].status === status);
  return match ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}
