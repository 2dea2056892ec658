import { h, span } from './dom.js';

/**
 * Showing replies: a hand-made highlighter for JSON and XML (a few regular expressions; a library
 * would outweigh the whole sandbox) and a collapsible tree of the decoded value.
 */

const JSON_TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false)\b|\b(null)\b|([{}[\],])/g;

/** JSON text as highlighted spans: keys, strings, numbers, booleans, null, punctuation. */
export function highlightJson(text: string): DocumentFragment {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(JSON_TOKEN)) {
    const at = match.index ?? 0;
    if (at > last) out.append(text.slice(last, at));
    const [whole, string, colon, number, bool, nil] = match;
    if (string !== undefined) {
      out.append(span(colon ? 'tok-key' : 'tok-string', string));
      if (colon) out.append(span('tok-punct', colon));
    } else if (number !== undefined) out.append(span('tok-number', number));
    else if (bool !== undefined) out.append(span('tok-bool', bool));
    else if (nil !== undefined) out.append(span('tok-null', nil));
    else out.append(span('tok-punct', whole));
    last = at + whole.length;
  }
  out.append(text.slice(last));
  return out;
}

const XML_TOKEN = /(<\?[\s\S]*?\?>)|(<!--[\s\S]*?-->)|(<\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?>)/g;
const XML_ATTRIBUTE = /(\s+)([\w:.-]+)(\s*=\s*)("[^"]*"|'[^']*')/g;

/** XML text as highlighted spans: declaration, tags, attribute names and values, text. */
export function highlightXml(text: string): DocumentFragment {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(XML_TOKEN)) {
    const at = match.index ?? 0;
    if (at > last) out.append(span('tok-text', text.slice(last, at)));
    const [whole, declaration, comment, open, name, attributes, close] = match;
    if (declaration || comment) out.append(span('tok-meta', whole));
    else {
      out.append(span('tok-punct', open), span('tok-tag', name));
      for (const [, space, attr, equals, value] of (attributes ?? '').matchAll(XML_ATTRIBUTE)) {
        out.append(space, span('tok-attr', attr), equals, span('tok-string', value));
      }
      out.append(span('tok-punct', close));
    }
    last = at + whole.length;
  }
  if (last < text.length) out.append(span('tok-text', text.slice(last)));
  return out;
}

/** Indents compact XML one element per line; an element holding only text stays on one line. */
export function prettyXml(text: string): string {
  const parts = text.match(/<[^>]+>|[^<]+/g) ?? [];
  const lines: string[] = [];
  const indent = (depth: number) => '  '.repeat(Math.max(0, depth));
  let depth = 0;
  for (let i = 0; i < parts.length; i++) {
    const [part, next, after] = [parts[i], parts[i + 1], parts[i + 2]];
    if (part.startsWith('</')) lines.push(indent(--depth) + part);
    else if (/^<[?!]/.test(part) || part.endsWith('/>')) lines.push(indent(depth) + part);
    else if (part.startsWith('<')) {
      if (next?.startsWith('</')) lines.push(indent(depth) + part + parts[++i]);
      else if (next !== undefined && !next.startsWith('<') && after?.startsWith('</')) {
        lines.push(indent(depth) + part + next + after);
        i += 2;
      } else lines.push(indent(depth++) + part);
    } else if (part.trim() !== '') lines.push(indent(depth) + part.trim());
  }
  return lines.join('\n');
}

function summaryOf(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`;
  return `{${Object.keys(value as object).length}}`;
}

function leaf(value: unknown): HTMLElement {
  if (value === null) return span('tok-null', 'null');
  if (typeof value === 'string') return span('tok-string', JSON.stringify(value));
  if (typeof value === 'number') return span('tok-number', String(value));
  if (typeof value === 'boolean') return span('tok-bool', String(value));
  return span('tok-text', String(value));
}

/** A collapsible tree of a decoded JSON value; the first levels open. */
export function jsonTree(value: unknown, key = 'reply', depth = 0): HTMLElement {
  if (value === null || typeof value !== 'object') return h('div', { class: 'tree-leaf' }, span('tok-key', key), ': ', leaf(value));
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return h(
    'details',
    { class: 'tree-node', open: depth < 4 },
    h('summary', {}, span('tok-key', key), ' ', span('tok-meta', summaryOf(value))),
    h('div', { class: 'tree-children' }, entries.map(([k, v]) => jsonTree(v, k, depth + 1))),
  );
}

/** A collapsible tree of an XML document as DOMParser decodes it: elements, attributes and text. */
export function xmlTree(element: Element, depth = 0): HTMLElement {
  const attributes = [...element.attributes].map((a) => ` ${a.name}="${a.value}"`).join('');
  const children = [...element.children];
  if (children.length === 0) {
    const text = element.textContent ?? '';
    return h('div', { class: 'tree-leaf' }, span('tok-tag', element.tagName), span('tok-attr', attributes), ': ', text === '' ? span('tok-null', '(empty)') : span('tok-string', text));
  }
  return h(
    'details',
    { class: 'tree-node', open: depth < 4 },
    h('summary', {}, span('tok-tag', element.tagName), span('tok-attr', attributes), ' ', span('tok-meta', `<${children.length}>`)),
    h('div', { class: 'tree-children' }, children.map((child) => xmlTree(child, depth + 1))),
  );
}
