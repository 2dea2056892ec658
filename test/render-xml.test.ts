import { describe, expect, it } from 'vitest';
import { CONTENT_TYPES, renderEnvelope, singularOf } from '../src/engine/render.js';

/* The envelope as JSON and as XML: element names for list items, scalars, keys that are no XML names, characters XML cannot carry. */

const request = { action: 'projects', method: 'GET', format: 'xml' as const, code: 200, message: 'OK' };
const xml = (response: Record<string, unknown>) => renderEnvelope({ request, response }, 'xml');
const body = (text: string) => text.slice(text.indexOf('<response>'), text.indexOf('</response>') + '</response>'.length);

describe('singularOf', () => {
  it('names an item of a list after its plural', () => {
    expect(['statuses', 'activities', 'projects', 'data'].map(singularOf)).toEqual(['status', 'activity', 'project', 'item']);
  });
});

describe('renderEnvelope', () => {
  it('writes JSON as it is', () => {
    expect(JSON.parse(renderEnvelope({ request, response: { a: [1, null] } }, 'json'))).toEqual({ request, response: { a: [1, null] } });
    expect(CONTENT_TYPES).toEqual({ json: 'application/json; charset=utf-8', xml: 'application/xml; charset=utf-8' });
  });

  it('writes XML with a declaration, the request echo and the response', () => {
    const text = xml({ n: 1 });
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<wbteampro><request>')).toBe(true);
    expect(text).toContain('<action>projects</action><method>GET</method><format>xml</format><code>200</code><message>OK</message>');
    expect(text.endsWith('</response></wbteampro>')).toBe(true);
  });

  it('writes scalars as text, null as empty, lists as items named after the list', () => {
    expect(body(xml({ yes: true, no: false, n: 1.5, none: null, text: 'a<b&c' }))).toBe(
      '<response><yes>true</yes><no>false</no><n>1.5</n><none></none><text>a&lt;b&amp;c</text></response>',
    );
    expect(body(xml({ unset: undefined, list: [undefined] }))).toBe('<response><unset></unset><list><item></item></list></response>');
    expect(body(xml({ projects: [{ id: 1 }, { id: 2 }], statuses: ['a'] }))).toBe(
      '<response><projects><project><id>1</id></project><project><id>2</id></project></projects><statuses><status>a</status></statuses></response>',
    );
  });

  it('keeps a key that is no XML name as an item with its name', () => {
    expect(body(xml({ map: { '1st': 'a', 'has space': 'b', ok_name: 'c' } }))).toBe(
      '<response><map><item name="1st">a</item><item name="has space">b</item><ok_name>c</ok_name></map></response>',
    );
  });

  it('drops the characters XML 1.0 cannot carry, and keeps tabs, newlines and paired surrogates', () => {
    expect(body(xml({ t: 'a\u0000b\u0008c\u000bd\u001fe\ufffef\uffffg\ud800h\udc00i' }))).toBe('<response><t>abcdefghi</t></response>');
    expect(body(xml({ t: 'a\tb\nc\rd \ud83d\ude00' }))).toBe('<response><t>a\tb\nc\rd \ud83d\ude00</t></response>');
  });
});
