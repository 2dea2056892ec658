import { Type, type TObject, type TOptional, type TProperties, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { TEXT_COLUMN_BYTES } from './text.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from './time.js';

/**
 * Schema builders for method params. Each is plain JSON Schema, so one definition validates,
 * documents (findResources, OpenAPI) and types a method. `x-kind` tells the coercion step how a
 * string from a query or form becomes the typed value.
 */
/**
 * The largest id, count or other integer a field takes: every integer column is a signed 32-bit
 * INTEGER on PostgreSQL and MySQL/MariaDB.
 */
export const MAX_INT = 2147483647;

export const Id = (description: string) => Type.Integer({ minimum: 1, maximum: MAX_INT, description });

export const RefId = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_INT, description });

/**
 * A filter on an admin id that also takes `me`, the caller (the engine puts the caller's id in its
 * place before the method runs): `adminid=me`, `assigned_adminid=me`.
 */
export function AdminFilter(description: string): TUnsafe<number | 'me'> {
  return Type.Unsafe<number | 'me'>({ type: ['integer', 'string'], minimum: 0, maximum: MAX_INT, pattern: '^me$', 'x-kind': 'admin', description: `${description} ("me": the caller)` });
}

export const Int = (description: string, min = 0, max = MAX_INT) => Type.Integer({ minimum: min, maximum: max, description });

export const Bool = (description: string) => Type.Boolean({ description });

export const Text = (description: string, maxLength = 255) => Type.String({ maxLength, description });

/** A name or title: required text that may not be blank. */
export const Name = (description: string, maxLength = 255) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description });

export const LongText = (description: string) => Type.String({ maxLength: 65535, 'x-max-bytes': TEXT_COLUMN_BYTES, description });

/**
 * A length of time in seconds, at most MAX_INT (about 68 years): small enough that a sum of them
 * stays exact, and that rate × duration (an amount) stays far from any column's limit.
 */
export const Duration = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_INT, description });

export const Money = (description: string) => Type.Number({ minimum: 0, maximum: 1e9, description });

export function Choice<T extends string>(values: readonly T[], description: string): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], description });
}

/** A value from a configured list (getConfig `setting`); checked by the service, offered as a select by the sandbox. */
export function Configured(setting: string, description: string): TUnsafe<string> {
  return Type.Unsafe<string>({ type: 'string', maxLength: 64, description, 'x-config': setting });
}

/** Accepted as ISO 8601, YYYY-MM-DD, YYYY-MM-DD HH:MM:SS (UTC) or unix seconds; the method sees unix seconds. */
export function Timestamp(description: string): TUnsafe<number> {
  return Type.Unsafe<number>({
    type: ['string', 'integer'],
    minimum: MIN_TIMESTAMP,
    maximum: MAX_TIMESTAMP,
    'x-kind': 'timestamp',
    description: `${description} (ISO 8601, YYYY-MM-DD, YYYY-MM-DD HH:MM:SS UTC, or unix seconds)`,
  });
}

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export { Type };

/** Every property optional but those named in R. Exported so declarations built from it name it rather than inline it. */
export type OptionalExcept<P extends TProperties, R extends keyof P> = { [K in keyof P]: K extends R ? P[K] : TOptional<P[K]> };

/** A method's params object: unknown names refused, every property optional but those in `required`. */
export function Params<P extends TProperties, R extends keyof P = never>(properties: P, required: readonly R[] = []): TObject<OptionalExcept<P, R>> {
  const shaped = Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [key, required.includes(key as R) ? schema : Type.Optional(schema)]),
  ) as OptionalExcept<P, R>;
  return Type.Object(shaped, { additionalProperties: false });
}
