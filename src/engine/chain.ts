import { ApiError } from '../errors.js';

export type Format = 'json' | 'xml';

export interface ParsedChain {
  readonly version: string;
  readonly segments: string[];
  readonly format: Format;
  /** The chain as echoed in `request.action`: segments joined by "/". */
  readonly action: string;
}

const SEPARATOR = /[/.]/;

/**
 * Splits an action chain (`v1.projects.100.json`, `v1/projects/100/xml`) into version, segments and
 * format. SEP is "/" or "."; a last segment that is not a format means json.
 */
export function parseChain(raw: string): ParsedChain {
  const tokens: string[] = [];
  for (const token of raw.split(SEPARATOR)) {
    const trimmed = token.trim();
    if (trimmed !== '') tokens.push(trimmed);
  }
  const version = tokens.shift() ?? '';
  const last = tokens[tokens.length - 1]?.toLowerCase();
  const format: Format = last === 'xml' ? 'xml' : 'json';
  if (last === 'xml' || last === 'json') tokens.pop();
  return { version, segments: tokens, format, action: tokens.join('/') };
}

export function assertVersion(chain: ParsedChain): void {
  if (chain.version === '') throw new ApiError('UNKNOWN_ACTION', 'No resource action given: use e.g. v1/projects/json');
  if (chain.version.toLowerCase() !== 'v1') {
    throw new ApiError('UNSUPPORTED_VERSION', `Unsupported API version "${chain.version}": this server speaks v1`);
  }
}
