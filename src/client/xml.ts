/**
 * A small XML reader for TeamPro replies. Node has no DOMParser, and the SDK may not import Node-only
 * modules, so it carries its own: elements, attributes, text, CDATA and entities — what the server's
 * XML (and PHP's simplexml) uses; no DTDs. Decoding follows the reply shapes generated from the
 * server's reply schemas, so XML yields the same values as JSON.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

/**
 * What an element holds: `s` string, `i` integer, `n` number, `b` boolean (a `?` suffix: may be null),
 * `*` unknown (guessed from the text); `[shape]` a list; `{key: shape}` an object (`'?'` key: nullable).
 */
export type Shape = string | readonly Shape[] | { readonly [key: string]: Shape };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return ENTITIES[entity] ?? whole;
    const code = entity[1].toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
  });
}

const TOKEN = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/\s*([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/gy;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributesOf(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(ATTRIBUTE)) attributes[match[1]] = decodeEntities(match[2] ?? match[3]);
  return attributes;
}

/** Parses a document and returns its root element; throws on malformed XML. */
export function parseXml(text: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) throw new SyntaxError(`Malformed XML at offset ${at}`);
    const [, cdata, closing, opening, attributes, selfClosing, chars] = match;
    const current = stack[stack.length - 1];
    if (cdata !== undefined || chars !== undefined) {
      const value = cdata ?? decodeEntities(chars);
      if (current) current.text += value;
      else if (value.trim() !== '') throw new SyntaxError('Text outside the root element');
    } else if (opening !== undefined) {
      const element: XmlElement = { name: opening, attributes: attributesOf(attributes ?? ''), children: [], text: '' };
      if (current) current.children.push(element);
      else if (root) throw new SyntaxError('More than one root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    } else if (closing !== undefined) {
      if (current?.name !== closing) throw new SyntaxError(`Unexpected </${closing}>`);
      stack.pop();
    }
  }
  if (!root || stack.length > 0) throw new SyntaxError('Unterminated XML document');
  return root;
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** Guesses a value when no shape is known: numbers, booleans, empty = null, repeated singular children = list. */
function guess(element: XmlElement): unknown {
  if (element.children.length === 0) {
    const text = element.text;
    if (text === '') return null;
    if (text === 'true' || text === 'false') return text === 'true';
    return NUMBER.test(text) && Number.isSafeInteger(Math.trunc(Number(text))) ? Number(text) : text;
  }
  const singular = singularOf(element.name);
  if (element.children.every((child) => child.name === singular)) return element.children.map(guess);
  return objectOf(element, {});
}

/** Mirrors the server: a list under `plural` holds one element per item, named by this rule. */
export function singularOf(plural: string): string {
  if (plural.endsWith('ses')) return plural.slice(0, -2);
  if (plural.endsWith('ies')) return `${plural.slice(0, -3)}y`;
  if (plural.endsWith('s')) return plural.slice(0, -1);
  return 'item';
}

function objectOf(element: XmlElement, shape: { readonly [key: string]: Shape }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const child of element.children) {
    // Keys that are not XML names travel as <item name="key">.
    const key = child.name === 'item' && child.attributes.name !== undefined ? child.attributes.name : child.name;
    out[key] = Object.prototype.hasOwnProperty.call(shape, key) ? decodeXml(child, shape[key]) : guess(child);
  }
  return out;
}

function scalar(text: string, kind: string): unknown {
  // Empty text is '' for a plain string and null for everything else, as in the JSON reply.
  if (text === '') return kind === 's' ? '' : null;
  switch (kind[0]) {
    case 's':
      return text;
    case 'i':
    case 'n':
      return NUMBER.test(text) ? Number(text) : text;
    case 'b':
      return text === 'true' || text === '1';
    default:
      return guess({ name: '', attributes: {}, children: [], text });
  }
}

/** Decodes an element to the value its shape says (the same value the JSON reply carries). */
export function decodeXml(element: XmlElement, shape: Shape = '*'): unknown {
  if (typeof shape === 'string') return shape === '*' ? guess(element) : scalar(element.text, shape);
  if (Array.isArray(shape)) return element.children.map((child) => decodeXml(child, shape[0]));
  const objectShape = shape as { readonly [key: string]: Shape };
  if (element.children.length === 0 && element.text === '' && objectShape['?'] !== undefined) return null;
  return objectOf(element, objectShape);
}

const REQUEST_SHAPE: Shape = { action: 's', method: 's', format: 's', code: 'i', message: 's' };

/** Decodes a `<wbteampro>` reply into `{request, response}`, `response` following `responseShape`. */
export function decodeEnvelopeXml(text: string, responseShape: { readonly [key: string]: Shape }): { request: Record<string, unknown>; response: Record<string, unknown> } {
  const root = parseXml(text);
  if (root.name !== 'wbteampro') throw new SyntaxError(`Expected a <wbteampro> reply, got <${root.name}>`);
  const part = (name: string) => root.children.find((child) => child.name === name);
  const request = part('request');
  const response = part('response');
  return {
    request: request ? (decodeXml(request, REQUEST_SHAPE) as Record<string, unknown>) : {},
    response: response ? (decodeXml(response, responseShape) as Record<string, unknown>) : {},
  };
}
