import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/**
 * Property: hostile values — out-of-range numbers and dates, encoded parameter names, lone surrogates,
 * bidi and control characters, oversized text — never get a 5xx, are always answered in the envelope,
 * never bring a credential back in a reply or a log line, change nothing when refused, and, when
 * accepted, leave every read of the project answering. `npm run fuzz` runs many more cases (FUZZ_RUNS).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const MUTABLE_TABLES = ['projects', 'actions', 'topics', 'files', 'ticketxrefs', 'timelogs'] as const;
const ID_COLUMNS: Record<(typeof MUTABLE_TABLES)[number], string> = {
  projects: 'project_id', actions: 'action_id', topics: 'topic_id', files: 'file_id', ticketxrefs: 'xref_id', timelogs: 'timelog_id',
};
/** A wrong password's MD5, as distinctive as the right one: neither may ever be echoed. */
const WRONG_MD5 = 'c0ffee00c0ffee00c0ffee00c0ffee00';

const outOfRangeNumber = fc.constantFrom<unknown>(
  8_640_000_000_001, 253_402_300_800, -1, -(2 ** 31) - 1, 2 ** 31, 2 ** 53, 1e21, 1e308, -0.5,
  '99999999999999999999', '1e400', 'NaN', 'Infinity', '-0', '0x10', '2147483648',
);
const outOfRangeDate = fc.constantFrom(
  '9999-12-31T23:59:59-14:00', '10000-01-01', '0000-01-01', '1969-12-31T23:59:59Z', '275760-09-13', '2026-02-30', '+275760-09-13T00:00:00Z',
);
const loneSurrogates = fc.constantFrom('\uD800', 'x\uDFFFy', '\uDBFF\uDBFF', 'ok\uD83D');
const bidiAndControl = fc.constantFrom('rtl\u202Etxt.exe', '\u2066a\u2069', 'a\u0000b', 'bell\u0007', 'line\u2028sep', '\u200Bzero', '\uFEFFbom');
const oversized = fc.constantFrom(256, 1_000, 65_536, 200_000).map((n) => 'x'.repeat(n));
const ordinary = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.integer({ min: 0, max: 10 }), fc.constantFrom('2026-11-28', '1', ''));
const hostileValue = fc.oneof(outOfRangeNumber, outOfRangeDate, loneSurrogates, bidiAndControl, oversized, ordinary);

const FIELDS = [
  'name', 'title', 'body', 'status', 'date_start', 'date_finish', 'date_stop', 'duration', 'complete', 'priority', 'limit', 'offset', 'page',
  'project_id', 'action_id', 'parent_action_id', 'hourly_rate', 'amount', 'billable', 'label', 'detail', 'modified_since', 'sort',
];
const paramsArb = fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { minKeys: 1, maxKeys: 4 });

/** Chains that reach real records: `{p}` and friends are filled in with the ids made before the run. */
const CHAINS: readonly (readonly [string, string])[] = [
  ['POST', 'projects'], ['PUT', 'projects/{p}'], ['POST', 'actions'], ['PUT', 'actions/{a}'], ['POST', 'topics'], ['PUT', 'topics/{topic}'],
  ['POST', 'timelogs'], ['PUT', 'timelogs/{log}'], ['PUT', 'files/{file}'], ['GET', 'projects'], ['GET', 'actions'], ['GET', 'timelogs'],
  ['GET', 'projects/{p}/actions'], ['GET', 'files'],
];

/** How a parameter's name is written in the URL: as it is, with a letter percent-encoded, or in capitals. */
const nameSpelling = fc.constantFrom('plain', 'encoded', 'upper');
const requestArb = fc.record({
  call: fc.constantFrom(...CHAINS),
  params: paramsArb,
  transport: fc.constantFrom('query-json', 'query-php', 'json-body', 'form-body'),
  credentialSpelling: nameSpelling,
  rightPassword: fc.boolean(),
  format: fc.constantFrom('json', 'xml'),
});
type HostileRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function spell(name: string, how: string): string {
  if (how === 'upper') return name.toUpperCase();
  if (how === 'encoded') return `${name.slice(0, 1)}%${name.charCodeAt(1).toString(16)}${encodeURIComponent(name.slice(2))}`;
  return encodeURIComponent(name);
}

function phpPairs(prefix: string, value: unknown): [string, string][] {
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => phpPairs(`${prefix}[${k}]`, v));
  return [[prefix, value === null ? '' : String(value)]];
}

/**
 * Percent-encoding that also carries lone surrogates, which encodeURIComponent refuses: as the three
 * bytes UTF-8 would give them (WTF-8), invalid UTF-8 the server must cope with.
 */
function percentEncode(text: string): string {
  let encoded = '';
  // A string iterates by code point: a lone surrogate comes out on its own.
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const lone = code >= 0xd800 && code <= 0xdfff;
    encoded += lone ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('') : encodeURIComponent(char);
  }
  return encoded;
}

const pairsText = (pairs: [string, string][]) => pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');

function build(req: HostileRequest, ids: Record<string, number>) {
  const [http, pattern] = req.call;
  const chain = pattern.replace(/\{(\w+)\}/g, (_, name: string) => String(ids[name]));
  const login = credentials('root');
  const password = req.rightPassword ? login.password : WRONG_MD5;
  const query = [`username=root`, `${spell('password', req.credentialSpelling)}=${password}`];
  const bodyAllowed = http !== 'GET';
  let payload: string | undefined;
  let contentType: string | undefined;
  if (req.transport === 'query-json' || !bodyAllowed) query.push(`params=${percentEncode(JSON.stringify(req.params))}`);
  else if (req.transport === 'query-php') query.push(pairsText(phpPairs('params', req.params)));
  else if (req.transport === 'json-body') [payload, contentType] = [JSON.stringify({ params: req.params }), 'application/json'];
  else [payload, contentType] = [pairsText(phpPairs('params', req.params)), 'application/x-www-form-urlencoded'];
  return { http, url: `/api.php/v1/${chain}/${req.format}?${query.join('&')}`, payload, contentType, password };
}

function parseEnvelope(text: string, format: 'json' | 'xml') {
  if (format === 'json') return JSON.parse(text);
  expect(XMLValidator.validate(text)).toBe(true);
  return new XMLParser().parse(text).wbteampro;
}

describe.each(testDatabases())('fuzzing hostile values on $name', (kind) => {
  let t: TestApp;
  const logLines: string[] = [];
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => (logLines.push(chunk.toString()), done()) });
    t = await createTestApp(kind, { TEAMPRO_BAN_ALLOW: '127.0.0.1', TEAMPRO_LOG_LEVEL: 'info' }, { logDestination: destination });
    const made = (chain: string, params: Record<string, unknown>) => t.ok({ chain, method: 'POST', params });
    ids.p = (await made('projects', { name: 'Hostile' })).project.project_id;
    ids.a = (await made('actions', { project_id: ids.p, name: 'Task' })).action.action_id;
    ids.topic = (await made('topics', { project_id: ids.p, title: 'Thread', body: 'First' })).topic.topic_id;
    ids.log = (await made('timelogs', { project_id: ids.p, action_id: ids.a, date_start: '2026-11-01T09:00:00Z', duration: 600 })).timelog.timelog_id;
    ids.file = (await made('files', { project_id: ids.p, name: 'notes.txt', content: Buffer.from('hello').toString('base64') })).file.file_id;
  });
  afterAll(() => t.close());

  /** Every row of every table a request could write, hashed: a refused request must leave it as it was. */
  async function fingerprint(): Promise<string> {
    const digest = createHash('sha256');
    for (const table of MUTABLE_TABLES) {
      const rows = await (t.database.db as any).selectFrom(table).selectAll().orderBy(ID_COLUMNS[table]).execute();
      digest.update(JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? String(value) : value)));
    }
    return digest.digest('hex');
  }

  /** Every read that returns the project's records, in both formats, must still answer. */
  async function expectReadsAnswer(): Promise<void> {
    for (const chain of [`projects/${ids.p}`, `projects/${ids.p}/actions`, 'projects', 'actions', 'topics', 'timelogs', 'files', `actions/${ids.a}`]) {
      for (const format of ['json', 'xml'] as const) {
        const reply = await t.api({ chain, format });
        expect(reply.status, `${chain}.${format} after an accepted write: ${reply.text.slice(0, 300)}`).toBe(200);
      }
    }
  }

  it('no 5xx, always the envelope, no credential echoed or logged, nothing changed when refused, reads still answer', async () => {
    const runs = kind.name === 'sqlite' ? RUNS : Math.ceil(RUNS / 3);
    await fc.assert(
      fc.asyncProperty(requestArb, async (req) => {
        const { http, url, payload, contentType, password } = build(req, ids);
        const before = await fingerprint();
        const linesBefore = logLines.length;
        const res = await t.app.inject({ method: http as 'GET', url, payload, headers: contentType ? { 'content-type': contentType } : {} });
        const shown = `${http} ${url.slice(0, 300)} ${String(payload ?? '').slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, shown).toBeLessThan(500);
        const envelope = parseEnvelope(res.body, req.format);
        expect(Number(envelope.request.code), shown).toBe(res.statusCode);
        expect(res.body, 'a reply carries a credential').not.toContain(password);
        const logged = logLines.slice(linesBefore).join('');
        expect(logged, 'a log line carries a credential').not.toContain(password);
        if (res.statusCode >= 400) {
          expect(res.body.length, 'an error reply grows with the attack').toBeLessThan(16 * 1024);
          expect(await fingerprint(), `${shown}: wrote while refusing`).toBe(before);
        }
        else if (http !== 'GET') await expectReadsAnswer();
      }),
      { numRuns: runs, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });
});
