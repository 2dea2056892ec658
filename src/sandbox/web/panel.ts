import { fillChain, type AuthStyle, type Credentials, type Format, type UrlStyle, type WireCall } from '../../client/wire.js';
import type { HttpMethod } from '../../client/method-table.js';
import { clear, h } from './dom.js';
import { buildForm, type JsonSchema } from './form.js';
import { renderResult } from './result.js';
import { send } from './send.js';
import { rememberedOptions, rememberOptions } from './store.js';

/** A method as findResources describes it. */
export interface MethodDescription {
  readonly name: string;
  readonly resource: string;
  readonly chain: string;
  readonly method: HttpMethod;
  readonly description: string;
  readonly params: JsonSchema;
}

export interface Session {
  readonly apiUrl: string;
  readonly credentials: Credentials;
}

interface Options {
  style: UrlStyle;
  verb: 'native' | 'override';
  format: Format;
  auth: AuthStyle;
}

const OPTION_CHOICES: { key: keyof Options; label: string; choices: [string, string][] }[] = [
  { key: 'style', label: 'URL form', choices: [['clean', 'clean — api.php/v1/…'], ['rewritten', 'rewritten — api/v1/…'], ['direct', 'direct — api.php?action=v1.….json']] },
  { key: 'verb', label: 'HTTP method', choices: [['native', 'the method itself'], ['override', 'POST + method=…']] },
  { key: 'format', label: 'Format', choices: [['json', 'JSON'], ['xml', 'XML']] },
  { key: 'auth', label: 'Credentials', choices: [['params', 'username/password params'], ['basic', 'Authorization: Basic']] },
];

function optionControls(): { element: HTMLElement; read: () => Options } {
  const saved = rememberedOptions();
  const selects = OPTION_CHOICES.map(({ key, label, choices }) => {
    const select = h('select', { id: `opt-${key}`, name: key }, choices.map(([value, text]) => h('option', { value, selected: saved[key] === value }, text)));
    return { key, select, element: h('label', { class: 'option' }, h('span', {}, label), select) };
  });
  const read = () => Object.fromEntries(selects.map(({ key, select }) => [key, select.value])) as unknown as Options;
  selects.forEach(({ select }) => select.addEventListener('change', () => rememberOptions(read() as unknown as Record<string, string>)));
  return { element: h('div', { class: 'options' }, selects.map((s) => s.element)), read };
}

const verbBadge = (verb: string) => h('span', { class: `verb verb-${verb.toLowerCase()}` }, verb);

/** Shows one method: its form, the request options and, after Send, the exchange. */
export function showMethod(container: HTMLElement, result: HTMLElement, method: MethodDescription, session: Session): void {
  const isUpload = method.name === 'createFile';
  const form = buildForm(method, isUpload);
  const options = optionControls();
  const message = h('p', { class: 'error local-error', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', id: 'send', class: 'primary' }, 'Send');
  const callForm = h('form', { id: 'call-form', novalidate: true }, form.element, options.element, h('div', { class: 'actions' }, button, message));
  callForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(method, session, form, options.read(), { result, message, button });
  });
  clear(container);
  container.append(
    h('h2', {}, verbBadge(method.method), ' ', method.name),
    h('p', { class: 'chain' }, h('code', {}, method.chain.replace(/\//g, '.')), ' — ', method.description),
    callForm,
  );
  result.hidden = true;
}

interface Outputs {
  result: HTMLElement;
  message: HTMLElement;
  button: HTMLButtonElement;
}

async function run(method: MethodDescription, session: Session, form: ReturnType<typeof buildForm>, options: Options, out: Outputs) {
  out.message.hidden = true;
  let call: WireCall;
  let params: Record<string, unknown>;
  try {
    params = form.read();
    const { chain, rest } = fillChain(method.chain, params);
    call = { apiUrl: session.apiUrl, style: options.style, chain, format: options.format, http: method.method, override: options.verb === 'override', params: rest, credentials: session.credentials, auth: options.auth };
  } catch (error) {
    out.message.textContent = (error as Error).message;
    out.message.hidden = false;
    return;
  }
  const file = form.file?.files?.[0] ?? null;
  out.button.disabled = true;
  out.button.textContent = 'Sending…';
  try {
    const exchange = await send(call, file);
    clear(out.result);
    out.result.append(renderResult(exchange, { name: method.name, call, request: exchange.request, params, fileName: file?.name }));
    out.result.hidden = false;
  } catch (error) {
    out.message.textContent = `No reply: ${(error as Error).message} (is the API URL right, and does it allow this origin?)`;
    out.message.hidden = false;
  } finally {
    out.button.disabled = false;
    out.button.textContent = 'Send';
  }
}
