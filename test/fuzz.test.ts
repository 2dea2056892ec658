import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/**
 * Property: whatever the chain, method, params and transport, the server answers below 500 with a
 * well-formed envelope in the format the chain asked for, and a refused request writes nothing.
 * `npm run fuzz` runs many more cases (FUZZ_RUNS).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const TABLES = ['projects', 'actions', 'topics', 'files', 'ticketxrefs', 'timelogs', 'tickets', 'settings', 'admins'] as const;

const words = ['projects', 'actions', 'topics', 'files', 'whmcstickets', 'ticketxrefs', 'timelogs', 'config', 'api', 'resources', 'bythread', 'download'];
const segment = fc.oneof(
  fc.constantFrom(...words),
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.constantFrom('1', '2', '999999', '4294967296', '99999999999999999999', '0x10', '1e3'),
  fc.string({ unit: 'grapheme', maxLength: 6 }).filter((s) => !/[/.?#&%]/.test(s)),
);
const chainArb = fc.record({
  version: fc.constantFrom('v1', 'v1', 'v1', 'V1', 'v2', ''),
  segments: fc.array(segment, { maxLength: 4 }),
  // Written into the path as it is: escapes good and bad, double-encoded, encoded separators.
  escaped: fc.option(fc.constantFrom('%25', '%2525', '%zz', '%', '%E0%A4%A', 'proj%65cts', '%2F42', '%2E'), { nil: undefined }),
  sep: fc.constantFrom('/', '.'),
  format: fc.constantFrom('json', 'xml', 'XML', 'Json', '', 'yaml'),
});
const fieldNames = ['project_id', 'action_id', 'name', 'title', 'body', 'status', 'type', 'limit', 'offset', 'page', 'sort', 'q', 'modified_since', 'date_start', 'date_finish', 'duration', 'billable', 'complete', 'parent_action_id', 'ticket_id', 'thread_id', 'content', 'stop'];
const leaf = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.constantFrom(2 ** 53, -(2 ** 31), 1e308, 0.5, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('1', '0', 'true', '2026-02-30', '2026-11-28', '-1', '', ' ', '\u0000', '<x>&'),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 3 })),
})).node;
const paramsArb = fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 8 })), value, { maxKeys: 5 });
const requestArb = fc.record({
  chain: chainArb,
  form: fc.constantFrom('clean', 'rewritten', 'direct'),
  http: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH'),
  override: fc.option(fc.constantFrom('get', 'PUT', 'post', 'delete', 'patch', 'x'), { nil: undefined }),
  params: paramsArb,
  transport: fc.constantFrom('query-json', 'query-php', 'json-body', 'form-body'),
  auth: fc.constantFrom('good', 'good', 'good', 'bad', 'none'),
});

type FuzzRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function phpStyle(prefix: string, value: unknown, out: URLSearchParams) {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) phpStyle(`${prefix}[${k}]`, v, out);
  } else out.append(prefix, value === null ? '' : String(value));
}

function build(req: FuzzRequest) {
  const { version, segments, sep, format } = req.chain;
  const chain = [version, ...segments, ...(format ? [format] : [])].filter((s) => s !== '').join(sep);
  const query = new URLSearchParams();
  const auth = req.auth === 'good' ? credentials('root') : req.auth === 'bad' ? { username: 'root', password: 'f'.repeat(32) } : null;
  if (auth) Object.entries(auth).forEach(([k, v]) => query.append(k, v));
  if (req.override) query.append('method', req.override);
  const { escaped } = req.chain;
  const inPath = [version, ...segments].filter((s) => s !== '').join(sep);
  const written = escaped === undefined ? encodeURI(chain) : [encodeURI(inPath), escaped, ...(format ? [encodeURI(format)] : [])].filter((s) => s !== '').join(sep);
  let path = req.form === 'clean' ? `/api.php/${written}` : req.form === 'rewritten' ? `/api/${written}` : '/api.php';
  if (req.form === 'direct') query.append('action', escaped === undefined ? chain : [inPath, escaped, format].filter((s) => s !== '').join(sep));
  let payload: string | undefined;
  let contentType: string | undefined;
  if (req.transport === 'query-json') query.append('params', JSON.stringify(req.params));
  if (req.transport === 'query-php') phpStyle('params', req.params, query);
  const bodyAllowed = !['GET', 'HEAD'].includes(req.http);
  if (req.transport === 'json-body' && bodyAllowed) [payload, contentType] = [JSON.stringify({ params: req.params }), 'application/json'];
  if (req.transport === 'form-body' && bodyAllowed) {
    const form = new URLSearchParams();
    phpStyle('params', req.params, form);
    [payload, contentType] = [form.toString(), 'application/x-www-form-urlencoded'];
  }
  if (path === '/api.php/' || path === '/api/') path = '/api.php';
  return { url: `${path}?${query.toString()}`, payload, contentType };
}

/** What the server reads of the escaped piece: decoded once in a path (as written if it cannot be), as is in `action`. */
function escapedAsRead(req: FuzzRequest): string[] {
  const { escaped } = req.chain;
  if (escaped === undefined) return [];
  if (req.form === 'direct') return [escaped];
  try {
    return [decodeURIComponent(escaped)];
  } catch {
    return [escaped];
  }
}

function askedFormat(req: FuzzRequest): 'json' | 'xml' {
  const { version, segments, format } = req.chain;
  const tokens = [version, ...segments, ...escapedAsRead(req), format].flatMap((s) => s.split(/[/.]/)).map((s) => s.trim()).filter(Boolean);
  tokens.shift();
  return tokens[tokens.length - 1]?.toLowerCase() === 'xml' ? 'xml' : 'json';
}

describe.each(testDatabases())('fuzzing the API on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { TEAMPRO_BAN_ALLOW: '127.0.0.1' });
    for (let i = 0; i < 3; i++) await t.api({ chain: 'projects', method: 'POST', params: { name: `Fuzz ${i}` } });
  });
  afterAll(() => t.close());

  async function fingerprint(): Promise<string> {
    const parts = [];
    for (const table of TABLES) {
      const row = await (t.database.db as any).selectFrom(table).select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirst();
      parts.push(Number(row.n));
    }
    const modified = await t.database.db.selectFrom('projects').select((eb) => eb.fn.sum<number>('modified').as('m')).executeTakeFirst();
    return `${parts.join(',')}:${Number(modified?.m ?? 0)}`;
  }

  it('never answers 5xx, always answers the envelope in the asked format, and writes nothing when refusing', async () => {
    const runs = kind.name === 'sqlite' ? RUNS : Math.ceil(RUNS / 3);
    await fc.assert(
      fc.asyncProperty(requestArb, async (req) => {
        const { url, payload, contentType } = build(req);
        const before = await fingerprint();
        const res = await t.app.inject({ method: req.http as 'GET', url, payload, headers: contentType ? { 'content-type': contentType } : {} });
        expect(res.statusCode, `${req.http} ${url} ${payload ?? ''} → ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await fingerprint(), `${req.http} ${url} wrote while refusing`).toBe(before);
        if (req.http === 'HEAD' || res.headers['content-disposition']) return;
        const format = askedFormat(req);
        if (res.statusCode === 404 && res.body.includes('No such endpoint')) return;
        expect(String(res.headers['content-type'])).toContain(format === 'xml' ? 'application/xml' : 'application/json');
        const envelope = format === 'xml' ? parseXml(res.body) : JSON.parse(res.body);
        expect(Number(envelope.request.code)).toBe(res.statusCode);
        expect(typeof envelope.request.message).toBe('string');
      }),
      { numRuns: runs, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });
});

function parseXml(text: string) {
  expect(XMLValidator.validate(text)).toBe(true);
  return new XMLParser().parse(text).wbteampro;
}
