import { h } from './dom.js';

/**
 * Builds a form from a method's params JSON Schema (as findResources gives it) and reads it back as
 * params. Empty fields are left out, so the server's defaults apply; nothing is validated here —
 * trying what the server refuses is part of what a sandbox is for.
 */
export type JsonSchema = Record<string, any>;

export interface Field {
  readonly name: string;
  readonly row: HTMLElement;
  /** The value to send, or undefined to leave the param out. */
  read(): unknown;
}

export interface ParamsForm {
  readonly element: HTMLElement;
  readonly fields: Field[];
  /** The file input of an upload method, if any. */
  readonly file: HTMLInputElement | null;
  read(): Record<string, unknown>;
}

interface Shape {
  schema: JsonSchema;
  nullable: boolean;
}

/** Unwraps `anyOf: [X, {type: null}]` (a nullable field) to X. */
function shapeOf(schema: JsonSchema): Shape {
  const members: JsonSchema[] | undefined = schema.anyOf;
  if (!members) return { schema, nullable: false };
  const real = members.filter((m) => m.type !== 'null');
  return { schema: { ...(real[0] ?? {}), description: schema.description ?? real[0]?.description }, nullable: real.length < members.length };
}

const isTimestamp = (s: JsonSchema) => s['x-kind'] === 'timestamp';
const hasType = (s: JsonSchema, type: string) => s.type === type || (Array.isArray(s.type) && s.type.includes(type));

/** `datetime-local` gives local wall time without a zone; the sandbox labels it UTC and sends it so. */
function timestampValue(text: string): string {
  return /T\d{2}:\d{2}$/.test(text) ? `${text}:00Z` : `${text}Z`;
}

function select(id: string, options: [string, string][]): HTMLSelectElement {
  return h('select', { id }, ...options.map(([value, label]) => h('option', { value }, label)));
}

/** The control for one param and how to read it. */
function control(id: string, schema: JsonSchema): { input: HTMLElement; read: () => unknown } {
  if (isTimestamp(schema)) {
    const input = h('input', { id, type: 'datetime-local', step: 1, title: 'UTC' });
    return { input, read: () => (input.value ? timestampValue(input.value) : undefined) };
  }
  if (Array.isArray(schema.enum)) {
    const input = select(id, [['', '—'], ...schema.enum.map((v: unknown): [string, string] => [String(v), String(v)])]);
    return { input, read: () => (input.value === '' ? undefined : input.value) };
  }
  if (hasType(schema, 'boolean')) {
    const input = select(id, [['', '—'], ['true', 'true'], ['false', 'false']]);
    return { input, read: () => (input.value === '' ? undefined : input.value === 'true') };
  }
  if (hasType(schema, 'integer') || hasType(schema, 'number')) {
    const integer = hasType(schema, 'integer');
    const input = h('input', { id, type: 'number', step: integer ? 1 : 'any', min: schema.minimum, max: schema.maximum, inputmode: integer ? 'numeric' : 'decimal' });
    return { input, read: () => (input.value === '' ? undefined : Number(input.value)) };
  }
  if ((schema.maxLength ?? 0) > 255) {
    const input = h('textarea', { id, rows: 3, maxlength: schema.maxLength });
    return { input, read: () => (input.value === '' ? undefined : input.value) };
  }
  const input = h('input', { id, type: 'text', maxlength: schema.maxLength, list: Array.isArray(schema['x-sortable']) ? `${id}-list` : undefined });
  const options = Array.isArray(schema['x-sortable'])
    ? h('datalist', { id: `${id}-list` }, ...schema['x-sortable'].flatMap((f: string) => [h('option', { value: f }), h('option', { value: `-${f}` })]))
    : null;
  const wrapper = options ? h('span', { class: 'with-list' }, input, options) : input;
  return { input: wrapper, read: () => (input.value === '' ? undefined : input.value) };
}

function field(methodName: string, name: string, property: JsonSchema, required: boolean): Field {
  const { schema, nullable } = shapeOf(property);
  const id = `p-${methodName}-${name}`;
  const { input, read } = control(id, schema);
  const nullBox = nullable ? h('input', { type: 'checkbox', id: `${id}-null`, title: 'Send null' }) : null;
  if (nullBox) nullBox.addEventListener('change', () => input.classList.toggle('is-null', nullBox.checked));
  const config = schema['x-config'] && !String(schema.description ?? '').includes(schema['x-config']) ? `(config ${schema['x-config']})` : '';
  const hint = [schema.description, config].filter(Boolean).join(' ');
  const row = h(
    'div',
    { class: 'field', 'data-param': name },
    h('label', { for: id }, name, required ? h('span', { class: 'required', title: 'required' }, ' *') : null),
    h('div', { class: 'control' }, input, nullBox ? h('label', { class: 'null' }, nullBox, 'null') : null),
    hint ? h('small', { class: 'hint' }, hint) : null,
  );
  return { name, row, read: () => (nullBox?.checked ? null : read()) };
}

/** Upload methods send the file as multipart; their base64 `content` param is left to API clients. */
export function buildForm(method: { name: string; params: JsonSchema }, isUpload: boolean): ParamsForm {
  const properties: Record<string, JsonSchema> = method.params?.properties ?? {};
  const required = new Set<string>(method.params?.required ?? []);
  const names = Object.keys(properties).filter((name) => !(isUpload && properties[name].contentEncoding === 'base64'));
  // Required params first, in schema order, then the rest.
  names.sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
  const fields = names.map((name) => field(method.name, name, properties[name], required.has(name)));
  const file = isUpload ? h('input', { type: 'file', id: `p-${method.name}-file`, name: 'file' }) : null;
  const extra = h('textarea', { id: `p-${method.name}-extra`, rows: 2, placeholder: '{"name": "value"} — merged over the fields above', spellcheck: 'false' });
  const element = h(
    'div',
    { class: 'params' },
    fields.length === 0 && !file ? h('p', { class: 'muted' }, 'This method takes no params.') : null,
    file ? h('div', { class: 'field file' }, h('label', { for: file.id }, 'file ', h('span', { class: 'required' }, '*')), h('div', { class: 'control' }, file), h('small', { class: 'hint' }, 'Sent as multipart/form-data, the file after the params')) : null,
    fields.map((f) => f.row),
    h('details', { class: 'extra' }, h('summary', {}, 'Extra params (JSON)'), extra),
  );
  return { element, fields, file, read: () => readParams(fields, extra.value) };
}

function readParams(fields: Field[], extraText: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const f of fields) {
    const value = f.read();
    if (value !== undefined) params[f.name] = value;
  }
  if (extraText.trim() === '') return params;
  const extra: unknown = JSON.parse(extraText);
  if (!extra || typeof extra !== 'object' || Array.isArray(extra)) throw new SyntaxError('Extra params must be a JSON object');
  return { ...params, ...(extra as Record<string, unknown>) };
}
