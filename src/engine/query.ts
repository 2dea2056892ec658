import qs from 'qs';

const QS_OPTIONS = { depth: 10, arrayLimit: 100, parameterLimit: 1000 } as const;

/** Query strings past this many pairs go to qs, whose parameter limit then applies. */
const MAX_SIMPLE_PAIRS = 100;

const ENCODED_BRACKET = /%5[BD]/i;

/** qs reads encoded brackets as brackets before it splits the pairs (values included). */
const unescapeBrackets = (text: string) =>
  text.includes('%5') && ENCODED_BRACKET.test(text) ? text.replace(/%5B/gi, '[').replace(/%5D/gi, ']') : text;

/** A name of word characters not starting with a digit (checked by a scan: this runs for every pair). */
function isName(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
    if (!letter && !(i > 0 && code >= 48 && code <= 57)) return false;
  }
  return true;
}

/** `name[key]` split in two, when both are names. */
function nameWithKey(text: string): [string, string] | null {
  const open = text.indexOf('[');
  if (open < 0 || !text.endsWith(']')) return null;
  const [name, inner] = [text.slice(0, open), text.slice(open + 1, -1)];
  return isName(name) && isName(inner) ? [name, inner] : null;
}

/** qs's own decoding of one key or value: `+` is a space, a bad escape is kept as written. */
function decode(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Where qs splits a pair into key and value: after the first `]=` if any, else at the first `=`. */
function splitAt(pair: string): number {
  const bracketEquals = pair.indexOf(']=');
  return bracketEquals === -1 ? pair.indexOf('=') : bracketEquals + 1;
}

const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
const isPrototypeName = (name: string) => PROTOTYPE_NAMES.has(name);

/**
 * Names sent on nearly every request, recognised in place: a name cut out of the text is a new
 * string, which V8 must look up in its string table before it can be a key.
 */
const COMMON_NAMES = ['username', 'password', 'action', 'method', 'params'];

/** The common name a `name=value` pair starts with, when qs too would split the pair there. */
function commonName(pair: string): string | null {
  for (const name of COMMON_NAMES) {
    if (pair.charCodeAt(name.length) === 61 && pair.startsWith(name) && !pair.includes(']=')) return name;
  }
  return null;
}

/**
 * The query strings clients send nearly always — `name=value` and `name[key]=value` pairs, each name
 * once, names of word characters — parsed without qs's general machinery; null for anything else
 * (arrays, deeper nesting, repeated names, other names), which qs then parses. Both give the same
 * object for every string this accepts (test/query.test.ts checks it against qs).
 */
export function parseSimpleQuery(text: string): Record<string, unknown> | null {
  const pairs = unescapeBrackets(text).split('&');
  if (pairs.length > MAX_SIMPLE_PAIRS) return null;
  const result: Record<string, unknown> = {};
  for (const pair of pairs) {
    if (pair === '') continue;
    const common = commonName(pair);
    const at = common === null ? splitAt(pair) : common.length;
    const key = common ?? decode(at === -1 ? pair : pair.slice(0, at));
    const value = at === -1 ? '' : decode(pair.slice(at + 1));
    if (common !== null || isName(key)) {
      if (key in result || (common === null && isPrototypeName(key))) return null;
      result[key] = value;
      continue;
    }
    const nested = nameWithKey(key);
    if (!nested) return null;
    const [name, inner] = nested;
    if (isPrototypeName(name) || isPrototypeName(inner)) return null;
    const group = (result[name] ??= {});
    if (typeof group !== 'object' || inner in (group as object)) return null;
    (group as Record<string, unknown>)[inner] = value;
  }
  return result;
}

/** Query strings and form bodies, PHP style (`params[project_id]=100`), as wbTeamPro clients send them. */
export function parseQuery(text: string): Record<string, unknown> {
  return parseSimpleQuery(text) ?? qs.parse(text, QS_OPTIONS);
}
