/**
 * Keeping credentials out of log lines. The password's MD5 is the login itself, and session, token,
 * key, cookie and authorization values are as good: whoever reads one can call the API. A name is
 * matched as the query parser reads it — percent-decoded, in any case, PHP brackets included
 * (`pass%77ord`, `PASSWORD`, `password[]`, `params[password]`) — so whatever can log in is never written.
 */

const CREDENTIAL_WORD = /password|passwd|secret|token|session|api[-_]?key|authori[sz]ation|cookie|credential/;
/** Where a credential's name may be in a lowercased line: one of its words, or a percent escape hiding one. */
const CANDIDATE = new RegExp(`${CREDENTIAL_WORD.source}|%`, 'g');
const AUTH_SCHEME = /\b(Basic|Bearer)\s+[A-Za-z0-9+/._~-]{8,}=*/gi;
export const REDACTED = '[redacted]';

/** A name decoded as often as it decodes (`%2577` → `%77` → `w`): redacting too much costs nothing. */
function decodedName(raw: string): string {
  let name = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  for (let round = 0; round < 3 && name.includes('%'); round += 1) {
    const next = name.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === name) break;
    name = next;
  }
  return name.toLowerCase();
}

export const isCredentialName = (raw: string): boolean => CREDENTIAL_WORD.test(decodedName(raw));

/** A URL with the value of every credential in its query string replaced; the query parser splits only at `&`. */
export function withoutCredentials(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const pairs = url.slice(query + 1).split('&');
  for (let i = 0; i < pairs.length; i += 1) {
    const equals = pairs[i].indexOf('=');
    if (equals > 0 && isCredentialName(pairs[i].slice(0, equals))) pairs[i] = `${pairs[i].slice(0, equals + 1)}${REDACTED}`;
  }
  return `${url.slice(0, query + 1)}${pairs.join('&')}`;
}

const isBlank = (code: number) => code === 32 || (code >= 9 && code <= 13);
/** Characters that end a name in a JSON line: quotes, structure, pair separators, blanks. */
const isNameEnd = (code: number) => code === 34 || code === 44 || code === 58 || code === 61 || code === 63 || code === 38 || code === 123 || code === 125 || isBlank(code);

/** The end of a query value quoted in a JSON line: the next `&`, blank or closing quote (escapes skipped). */
function pairValueEnd(line: string, from: number): number {
  let at = from;
  while (at < line.length) {
    const code = line.charCodeAt(at);
    if (code === 92) at += 2;
    else if (code === 38 || code === 34 || isBlank(code)) return at;
    else at += 1;
  }
  return line.length;
}

/** The end of the JSON value starting at `from`: a string, or anything up to the `,` or `}` that closes it. */
function jsonValueEnd(line: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let at = from; at < line.length; at += 1) {
    const code = line.charCodeAt(at);
    if (inString) {
      if (code === 92) at += 1;
      else if (code === 34) {
        inString = false;
        if (depth === 0) return at + 1;
      }
    } else if (code === 34) inString = true;
    else if (code === 91 || code === 123) depth += 1;
    else if (code === 93 || code === 125) {
      if (depth === 0) return at;
      depth -= 1;
      if (depth === 0) return at + 1;
    } else if (code === 44 && depth === 0) return at;
  }
  return line.length;
}

interface Redaction {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** What to replace when the name around `at` is a credential's: a query pair's value or a JSON key's value. */
function redactionAt(line: string, at: number): Redaction | null {
  let start = at;
  while (start > 0 && !isNameEnd(line.charCodeAt(start - 1))) start -= 1;
  let end = at;
  while (end < line.length && !isNameEnd(line.charCodeAt(end))) end += 1;
  const before = line.charCodeAt(start - 1);
  const after = line.charCodeAt(end);
  if (!isCredentialName(line.slice(start, end))) return null;
  if ((before === 63 || before === 38) && after === 61) return { from: end + 1, to: pairValueEnd(line, end + 1), text: REDACTED };
  if (before === 34 && after === 34 && line.charCodeAt(end + 1) === 58) return { from: end + 2, to: jsonValueEnd(line, end + 2), text: `"${REDACTED}"` };
  return null;
}

/**
 * A written JSON log line with every credential replaced: query pairs and object keys with a
 * credential's name, and Basic or Bearer values in free text. Run on each line as pino writes it, it
 * holds for Fastify's lines, TeamPro's, child loggers' and whatever a configured serializer adds.
 */
export function redactLogLine(line: string): string {
  const lower = line.toLowerCase();
  const pieces: string[] = [];
  let copied = 0;
  CANDIDATE.lastIndex = 0;
  for (let found = CANDIDATE.exec(lower); found; found = CANDIDATE.exec(lower)) {
    if (found.index < copied) continue;
    const redaction = redactionAt(line, found.index);
    if (!redaction) continue;
    pieces.push(line.slice(copied, redaction.from), redaction.text);
    copied = redaction.to;
    CANDIDATE.lastIndex = Math.max(CANDIDATE.lastIndex, copied);
  }
  const redacted = copied === 0 ? line : pieces.join('') + line.slice(copied);
  return lower.includes('basic') || lower.includes('bearer') ? redacted.replace(AUTH_SCHEME, `$1 ${REDACTED}`) : redacted;
}
