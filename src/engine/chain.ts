import { ApiError, quote } from '../errors.js';

export type Format = 'json' | 'xml';

export interface ParsedChain {
  readonly version: string;
  readonly segments: readonly string[];
  readonly format: Format;
  /** The chain as echoed in `request.action`: segments joined by "/". */
  readonly action: string;
}

/** The chain's non-blank tokens between "/" and "." separators, trimmed (a scan: no regular expression). */
function splitChain(raw: string): string[] {
  const tokens: string[] = [];
  let start = 0;
  for (let i = 0; i <= raw.length; i += 1) {
    const code = i < raw.length ? raw.charCodeAt(i) : 47;
    if (code !== 47 && code !== 46) continue;
    const token = raw.slice(start, i).trim();
    if (token !== '') tokens.push(token);
    start = i + 1;
  }
  return tokens;
}

/**
 * Splits an action chain (`v1.projects.100.json`, `v1/projects/100/xml`) into version, segments and
 * format. SEP is "/" or "."; a last segment that is not a format means json.
 */
export function parseChain(raw: string): ParsedChain {
  const tokens = splitChain(raw);
  const version = tokens.shift() ?? '';
  const last = tokens[tokens.length - 1]?.toLowerCase();
  const format: Format = last === 'xml' ? 'xml' : 'json';
  if (last === 'xml' || last === 'json') tokens.pop();
  return { version, segments: tokens, format, action: tokens.join('/') };
}

export function assertVersion(chain: ParsedChain): void {
  if (chain.version === '') throw new ApiError('UNKNOWN_ACTION', 'No resource action given: use e.g. v1/projects/json');
  if (chain.version.toLowerCase() !== 'v1') {
    throw new ApiError('UNSUPPORTED_VERSION', `Unsupported API version ${quote(chain.version)}: this server speaks v1`);
  }
}
