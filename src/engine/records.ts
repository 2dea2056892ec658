import { Type, type TSchema } from '@sinclair/typebox';
import { toIso } from './time.js';

/** Reply-side schema helpers and row → wire conversions shared by every resource. */
export const IsoTime = (description: string) => Type.Union([Type.String({ format: 'date-time', description }), Type.Null()]);

export const flag = (value: number | null | undefined): boolean => value === 1;

export { toIso };

/** `response` of a single-record method: the record under its singular key. */
export const singleReply = (key: string, record: TSchema) => Type.Object({ [key]: record });

export const ListDataSchema = Type.Object(
  {
    total: Type.Integer(),
    page: Type.Integer(),
    pages: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
    filters: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
);

/** `response` of a list method: `data` plus the records under the plural key. */
export const listReply = (key: string, record: TSchema) => Type.Object({ data: ListDataSchema, [key]: Type.Array(record) });
