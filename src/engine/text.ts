import type { ParamError } from '../errors.js';

/**
 * Text every database stores as it was sent, checked once for every string in a request's params.
 *
 * - An unpaired UTF-16 surrogate (possible in JSON as `"\ud800"`) is no character: UTF-8 cannot carry
 *   it, so the drivers store U+FFFD in its place (three bytes), and the text read back is not the text
 *   sent and may be longer than its field allows.
 * - PostgreSQL refuses U+0000 in text outright.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** MySQL/MariaDB's TEXT holds 65535 bytes, not characters: 65535 emoji would not fit. */
export const TEXT_COLUMN_BYTES = 65535;

function textProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text: it holds an unpaired UTF-16 surrogate';
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  return null;
}

/** The first string in `value` (nested arrays and objects included) that cannot be stored, as a param error. */
export function unstorableText(value: unknown, param: string): ParamError | null {
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message === null ? null : { param, message };
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const problem = unstorableText(inner, `${param}.${key}`);
    if (problem) return problem;
  }
  return null;
}

export const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');
