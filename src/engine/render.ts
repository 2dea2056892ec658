import { XMLBuilder } from 'fast-xml-parser';
import type { Format } from './chain.js';

export interface RequestEcho {
  action: string;
  method: string;
  format: Format;
  code: number;
  message: string;
}

export interface Envelope {
  request: RequestEcho;
  response: Record<string, unknown>;
}

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
};

// Characters XML 1.0 cannot carry: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The element name of one item of a list rendered under `plural`. */
export function singularOf(plural: string): string {
  if (plural.endsWith('ses')) return plural.slice(0, -2);
  if (plural.endsWith('ies')) return `${plural.slice(0, -3)}y`;
  if (plural.endsWith('s')) return plural.slice(0, -1);
  return 'item';
}

const XML_NAME = /^[A-Za-z_][\w.-]*$/;

function toXmlTree(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.replace(NOT_XML, '');
  if (Array.isArray(value)) {
    const item = singularOf(key);
    return { [item]: value.map((v) => toXmlTree(v, item)) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    // A key that is no XML name (only possible for free-form maps) is kept as an <item name="...">.
    if (XML_NAME.test(k)) out[k] = toXmlTree(v, k);
    else ((out.item ??= []) as unknown[]).push({ '@_name': k, '#text': toXmlTree(v, k) });
  }
  return out;
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true, ignoreAttributes: false, attributeNamePrefix: '@_' });

export function renderEnvelope(envelope: Envelope, format: Format): string {
  if (format === 'json') return JSON.stringify(envelope);
  const tree = { wbteampro: { request: toXmlTree(envelope.request, 'request'), response: toXmlTree(envelope.response, 'response') } };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(tree)}`;
}
