import { h } from './dom.js';
import { highlightJson, highlightXml, jsonTree, prettyXml, xmlTree } from './render.js';
import type { Exchange } from './send.js';
import { curlSnippet, phpSnippet, typescriptSnippet, type SnippetInput } from './snippets.js';

/** The result panel: the exact request, the status, headers, raw and decoded reply, and the snippets. */

const statusClass = (status: number) => `status-${Math.floor(status / 100)}xx`;

/** Tabs over a set of panes; the first is shown. */
function tabs(name: string, panes: [string, Node][]): HTMLElement {
  const buttons = panes.map(([label], i) => h('button', { type: 'button', role: 'tab', class: 'tab', 'data-tab': `${name}-${label}`, 'aria-selected': i === 0 ? 'true' : 'false' }, label));
  const bodies = panes.map(([label, node], i) => h('div', { class: 'tab-pane', role: 'tabpanel', 'data-pane': `${name}-${label}`, hidden: i !== 0 }, node));
  buttons.forEach((button, i) =>
    button.addEventListener('click', () => {
      buttons.forEach((b, j) => b.setAttribute('aria-selected', String(i === j)));
      bodies.forEach((b, j) => (b.hidden = i !== j));
    }),
  );
  return h('div', { class: 'tabs', 'data-tabs': name }, h('div', { class: 'tab-bar', role: 'tablist' }, buttons), bodies);
}

function decoded(exchange: Exchange): { tree: Node; envelope: { code?: number; message?: string; errors?: { param: string; message: string }[] } | null } {
  // downloadFile answers with the file itself: there is no envelope to decode.
  if (!/json|xml/i.test(exchange.contentType)) {
    const note = h('p', { class: 'muted' }, `A file (${exchange.contentType || 'no content type'}), not an envelope.`);
    return { tree: exchange.binary ? h('div', {}, note, exchange.text) : h('div', {}, note, h('pre', { class: 'code' }, exchange.text)), envelope: null };
  }
  try {
    if (exchange.contentType.includes('xml')) {
      const doc = new DOMParser().parseFromString(exchange.text, 'application/xml');
      if (doc.querySelector('parsererror')) throw new SyntaxError('The reply is not well-formed XML');
      const root = doc.documentElement;
      const text = (path: string) => root.querySelector(path)?.textContent ?? undefined;
      const errors = [...root.querySelectorAll('response > errors > error')].map((e) => ({ param: e.querySelector('param')?.textContent ?? '', message: e.querySelector('message')?.textContent ?? '' }));
      return { tree: xmlTree(root), envelope: { code: Number(text('request > code')), message: text('request > message'), errors } };
    }
    const value = JSON.parse(exchange.text);
    return { tree: jsonTree(value), envelope: { code: value?.request?.code, message: value?.request?.message, errors: value?.response?.errors } };
  } catch (error) {
    return { tree: h('p', { class: 'error' }, `Cannot decode the reply: ${(error as Error).message}`), envelope: null };
  }
}

function rawView(exchange: Exchange): HTMLElement {
  const xml = exchange.contentType.includes('xml');
  const pre = h('pre', { class: 'code raw' });
  const pretty = h('input', { type: 'checkbox', checked: true });
  const show = () => {
    pre.replaceChildren();
    let text = exchange.text;
    if (pretty.checked && !exchange.binary) {
      try {
        text = xml ? prettyXml(text) : JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // Not parseable: shown as it came.
      }
    }
    pre.append(exchange.binary ? text : xml ? highlightXml(text) : highlightJson(text));
  };
  pretty.addEventListener('change', show);
  show();
  return h('div', {}, h('label', { class: 'check small' }, pretty, ' indent'), pre);
}

function errorBanner(exchange: Exchange, envelope: ReturnType<typeof decoded>['envelope']): HTMLElement | null {
  if (exchange.status < 400) return null;
  const errors = envelope?.errors ?? [];
  return h(
    'div',
    { class: 'error-banner', role: 'alert' },
    h('strong', {}, `${exchange.status} ${exchange.statusText}`),
    ' — ',
    envelope?.message ?? 'The server refused the request',
    errors.length > 0 ? h('ul', {}, errors.map((e) => h('li', {}, h('code', {}, e.param), ' ', e.message))) : null,
  );
}

/** The query parameters of the URL sent, decoded, for reading (the URL above is exactly what was sent). */
function queryList(url: string): HTMLElement | null {
  const query = [...new URL(url).searchParams.entries()];
  if (query.length === 0) return null;
  return h('dl', { class: 'query' }, query.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]));
}

export function renderResult(exchange: Exchange, snippet: SnippetInput): HTMLElement {
  const { tree, envelope } = decoded(exchange);
  const headerRows = exchange.headers.map(([name, value]) => h('tr', {}, h('th', {}, name), h('td', {}, value)));
  return h(
    'div',
    { class: 'exchange' },
    h('h3', {}, 'Request'),
    h('pre', { class: 'code request-line', id: 'request-line' }, h('span', { class: `verb verb-${exchange.request.method.toLowerCase()}` }, exchange.request.method), ' ', exchange.request.url),
    queryList(exchange.request.url),
    Object.keys(exchange.request.headers).length > 0 ? h('pre', { class: 'code request-headers' }, Object.entries(exchange.request.headers).map(([k, v]) => `${k}: ${v}`).join('\n')) : null,
    exchange.bodyShown !== null ? h('pre', { class: 'code request-body', id: 'request-body' }, exchange.bodyShown) : null,
    h('h3', {}, 'Response ', h('span', { class: `badge ${statusClass(exchange.status)}`, id: 'response-status' }, `${exchange.status} ${exchange.statusText}`), h('span', { class: 'muted small' }, ` ${exchange.ms} ms · ${exchange.contentType || 'no content type'}`)),
    errorBanner(exchange, envelope),
    h('details', { class: 'headers' }, h('summary', {}, `Headers (${exchange.headers.length})`), h('table', {}, headerRows)),
    tabs('reply', [['Decoded', tree], ['Raw', rawView(exchange)]]),
    h('h3', {}, 'The same call in code'),
    tabs('code', [
      ['curl', h('pre', { class: 'code snippet', 'data-snippet': 'curl' }, curlSnippet(snippet))],
      ['PHP', h('pre', { class: 'code snippet', 'data-snippet': 'php' }, phpSnippet(snippet))],
      ['TypeScript', h('pre', { class: 'code snippet', 'data-snippet': 'typescript' }, typescriptSnippet(snippet))],
    ]),
  );
}
