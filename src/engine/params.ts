import type { TObject } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { badRequest, invalidParams, quote, type ParamError } from '../errors.js';
import { unstorableText, utf8Length } from './text.js';
import { isStorableTime, parseTimestamp } from './time.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

/** `x-max-bytes`: a limit in UTF-8 bytes, for columns that count bytes rather than characters. */
const withinBytes: SchemaValidateFunction = (max: number, data: string) => {
  if (utf8Length(data) <= max) return true;
  withinBytes.errors = [{ keyword: 'x-max-bytes', message: `must be at most ${max} bytes in UTF-8`, params: { limit: max } }];
  return false;
};
ajv.addKeyword({ keyword: 'x-max-bytes', type: 'string', schemaType: 'number', validate: withinBytes });

export const MAX_DEPTH = 8;

/** Keys that travel beside params and are never params themselves. */
export const ENVELOPE_KEYS = new Set(['username', 'password', 'method', 'action', 'params', '_']);

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const inner of Object.values(value)) deepest = Math.max(deepest, depthOf(inner));
  return deepest + 1;
}

/** No params: one shared, frozen object (params are read, never changed, once read). */
export const NO_PARAMS: Readonly<Record<string, unknown>> = Object.freeze({});

/** Reads one `params` value: a JSON string, or an object (PHP-style array or a JSON body's object). */
export function decodeParams(raw: unknown, where: string): Record<string, unknown> {
  if (raw === undefined || raw === null || raw === '') return NO_PARAMS;
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw badRequest(`params in the ${where} is not valid JSON`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`params in the ${where} must be a JSON object or an array of named values`);
  }
  if (depthOf(value) > MAX_DEPTH) throw badRequest(`params are nested deeper than ${MAX_DEPTH} levels`);
  return value as Record<string, unknown>;
}

/** "100" and 100 are the same value: a query string cannot tell them apart. */
function sameValue(a: unknown, b: unknown): boolean {
  const scalar = (v: unknown) => v === null || typeof v !== 'object';
  return scalar(a) && scalar(b) ? String(a) === String(b) : JSON.stringify(a) === JSON.stringify(b);
}

/** Whether an object has an own key (a scan that allocates nothing). */
export function hasKeys(object: Record<string, unknown>): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

/** Merges params from several places; the same name with different values is refused. */
export function mergeParams(sources: Record<string, unknown>[]): Record<string, unknown> {
  let only: Record<string, unknown> = NO_PARAMS;
  let given = 0;
  for (const source of sources) {
    if (!hasKeys(source)) continue;
    only = source;
    given += 1;
  }
  // Nothing to merge: the one source is the result.
  if (given <= 1) return only;
  const merged: Record<string, unknown> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if (key in merged && !sameValue(merged[key], value)) {
        throw badRequest(`Parameter ${quote(key)} is given twice with different values`, [{ param: key, message: 'is given twice with different values' }]);
      }
      merged[key] = value;
    }
  }
  return merged;
}

interface PropertyShape {
  types: Set<string>;
  timestamp: boolean;
}

/** What validating a schema's params needs, worked out once per schema (schemas are fixed at start). */
interface CompiledParams {
  validate: ValidateFunction;
  shapes: Map<string, PropertyShape>;
}

const compiled = new WeakMap<TObject, CompiledParams>();

function compiledOf(schema: TObject): CompiledParams {
  let entry = compiled.get(schema);
  if (!entry) {
    const shapes = new Map(Object.entries(schema.properties).map(([key, property]) => [key, readShape(property as Record<string, any>)]));
    compiled.set(schema, (entry = { validate: ajv.compile(schema), shapes }));
  }
  return entry;
}

function readShape(schema: Record<string, any>): PropertyShape {
  const types = new Set<string>();
  let timestamp = schema['x-kind'] === 'timestamp';
  const visit = (s: Record<string, any>) => {
    if (s['x-kind'] === 'timestamp') timestamp = true;
    if (Array.isArray(s.type)) s.type.forEach((t: string) => types.add(t));
    else if (typeof s.type === 'string') types.add(s.type);
    (s.anyOf ?? []).forEach(visit);
  };
  visit(schema);
  return { types, timestamp };
}

/** A value refused while coercing it, with the reason. */
class CoercionError extends Error {}

const TIME_FORMATS = 'must be a date (YYYY-MM-DD), a date and time (ISO 8601) or unix seconds';
const TIME_RANGE = 'must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z (unix seconds 0 to 253402300799)';

const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** Turns the strings a query or form carries into the types the schema asks for. */
function coerceValue(value: unknown, shape: PropertyShape): unknown {
  const { types } = shape;
  if (types.has('null') && (value === '' || value === null)) return null;
  if (shape.timestamp && (typeof value === 'string' || typeof value === 'number')) {
    const parsed = parseTimestamp(value);
    if (parsed === null) throw new CoercionError(TIME_FORMATS);
    if (!isStorableTime(parsed)) throw new CoercionError(TIME_RANGE);
    return parsed;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if ((types.has('integer') || types.has('number')) && NUMERIC.test(text)) return Number(text);
    if (types.has('boolean') && !types.has('string')) {
      if (['1', 'true'].includes(text.toLowerCase())) return true;
      if (['0', 'false'].includes(text.toLowerCase())) return false;
    }
  }
  if (typeof value === 'number' && types.has('boolean') && !types.has('number') && (value === 0 || value === 1)) return value === 1;
  if (typeof value === 'number' && types.has('string') && !types.has('number') && !types.has('integer')) return String(value);
  return value;
}

function describe(error: ErrorObject): ParamError {
  const param = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'additionalProperties') {
    return { param: String(error.params.additionalProperty), message: 'is not a known parameter' };
  }
  if (error.keyword === 'required') return { param: String(error.params.missingProperty), message: 'is required' };
  if (error.keyword === 'enum') return { param, message: `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}` };
  return { param, message: error.message ?? 'is invalid' };
}

const adminFilterKeys = new WeakMap<TObject, readonly string[]>();

/** The params whose `me` stands for the caller (AdminFilter), worked out once per schema. */
function adminFiltersOf(schema: TObject): readonly string[] {
  let keys = adminFilterKeys.get(schema);
  if (!keys) adminFilterKeys.set(schema, (keys = Object.entries(schema.properties).filter(([, p]) => (p as { 'x-kind'?: string })['x-kind'] === 'admin').map(([k]) => k)));
  return keys;
}

/** Validated params with each `me` replaced by the caller's id; the same object when there is none. */
export function withCallerForMe<T extends Record<string, unknown>>(schema: TObject, params: T, callerId: number): T {
  const keys = adminFiltersOf(schema);
  if (keys.length === 0 || !keys.some((key) => params[key] === 'me')) return params;
  const resolved: Record<string, unknown> = { ...params };
  for (const key of keys) if (resolved[key] === 'me') resolved[key] = callerId;
  return resolved as T;
}

/** Coerces then validates params against a method's schema; returns the typed params or throws a 400. */
export function validateParams<T>(schema: TObject, input: Record<string, unknown>): T {
  const { validate, shapes } = compiledOf(schema);
  const coerced: Record<string, unknown> = {};
  const errors: ParamError[] = [];
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    const value = input[key];
    // A JSON "__proto__" key is an own property there, but assigning it here would set a prototype.
    if (key === '__proto__') {
      errors.push({ param: key, message: 'is not a known parameter' });
      continue;
    }
    const badText = unstorableText(value, key);
    if (badText) {
      errors.push(badText);
      continue;
    }
    const shape = shapes.get(key);
    try {
      coerced[key] = shape ? coerceValue(value, shape) : value;
    } catch (error) {
      if (!(error instanceof CoercionError)) throw error;
      errors.push({ param: key, message: error.message });
    }
  }
  if (!validate(coerced)) errors.push(...(validate.errors ?? []).filter((e) => e.keyword !== 'anyOf').map(describe));
  if (errors.length > 0) throw invalidParams(dedupe(errors));
  return coerced as T;
}

function dedupe(errors: ParamError[]): ParamError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.param) && seen.add(e.param));
}
