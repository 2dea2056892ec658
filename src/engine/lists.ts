import { Type, type TProperties } from '@sinclair/typebox';
import { sql, type SelectQueryBuilder } from 'kysely';
import { badRequest, quote } from '../errors.js';
import type { Settings } from '../settings/settings.js';
import { containsText } from '../db/dialect.js';
import { MAX_INT, Params, Timestamp } from './types.js';
import { WORK_FILTER_KEYS } from './work-filters.js';

export interface ListSpec {
  /** Public sort field → column reference (e.g. name → projects.name). */
  readonly sortable: Readonly<Record<string, string>>;
  /** The unique id column, the default order and the tie-breaker. */
  readonly idColumn: string;
  /** Columns searched by `q`. */
  readonly searchColumns: readonly string[];
  readonly modifiedColumn?: string;
}

export interface ListParams {
  limit?: number;
  offset?: number;
  page?: number;
  sort?: string;
  q?: string;
  modified_since?: number;
}

export interface ListData {
  total: number;
  page: number;
  pages: number;
  limit: number;
  offset: number;
  filters: Record<string, unknown>;
  [extra: string]: unknown;
}

const LIST_KEYS = ['limit', 'offset', 'page', 'sort', 'q', 'modified_since'];

/**
 * The largest limit, offset and page: no table holds more rows than its 32-bit ids number, and every
 * database takes this as LIMIT and OFFSET, exactly as JavaScript computes it.
 */
export const MAX_LIST_NUMBER = MAX_INT;

/** The params of a list method: its own filters plus paging, sort, q and modified_since. */
export function listParams<P extends TProperties>(filters: P, spec: ListSpec) {
  const sortable = Object.keys(spec.sortable).join(', ');
  return Params(
    {
      ...filters,
      limit: Type.Integer({ minimum: 1, maximum: MAX_LIST_NUMBER, description: 'Page size (default and maximum: config page_limit, page_limit_max)' }),
      offset: Type.Integer({ minimum: 0, maximum: MAX_LIST_NUMBER, description: 'Records to skip' }),
      page: Type.Integer({ minimum: 1, maximum: MAX_LIST_NUMBER, description: '1-based page; sets offset = (page-1)*limit' }),
      sort: Type.String({ maxLength: 200, description: `Comma list of fields, "-" for descending. Sortable: ${sortable}`, 'x-sortable': Object.keys(spec.sortable) }),
      q: Type.String({ maxLength: 200, description: 'Case-insensitive text search' }),
      modified_since: Timestamp('Only records modified at or after this time'),
    },
    [],
  );
}

/** The filter values a request applied, as echoed in `data.filters`. */
export function appliedFilters(params: Record<string, unknown>): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) if (!LIST_KEYS.includes(key) && value !== undefined) filters[key] = value;
  if (params.q !== undefined) filters.q = params.q;
  return filters;
}

export function parseSort(sort: string | undefined, spec: ListSpec): { column: string; descending: boolean }[] {
  const order: { column: string; descending: boolean }[] = [];
  for (const token of (sort ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const descending = token.startsWith('-');
    const field = token.replace(/^[-+]/, '');
    const column = spec.sortable[field];
    if (!column) {
      throw badRequest(`Cannot sort by ${quote(field)}: sortable fields are ${Object.keys(spec.sortable).join(', ')}`, [
        { param: 'sort', message: `${quote(field)} is not sortable` },
      ]);
    }
    order.push({ column, descending });
  }
  if (!order.some((o) => o.column === spec.idColumn)) order.push({ column: spec.idColumn, descending: false });
  return order;
}

export function pageWindow(params: ListParams, settings: Settings): { limit: number; offset: number } {
  const limit = params.limit ?? settings.page_limit;
  if (limit > settings.page_limit_max) {
    throw badRequest(`limit must be at most ${settings.page_limit_max}`, [{ param: 'limit', message: `must be at most ${settings.page_limit_max}` }]);
  }
  const offset = params.page !== undefined ? (params.page - 1) * limit : (params.offset ?? 0);
  if (offset > MAX_LIST_NUMBER) {
    const most = Math.floor(MAX_LIST_NUMBER / limit) + 1;
    throw badRequest(`page must be at most ${most} with limit ${limit}`, [{ param: 'page', message: `must be at most ${most} with limit ${limit}` }]);
  }
  return { limit, offset };
}

export function listData(total: number, limit: number, offset: number, filters: Record<string, unknown>): ListData {
  return { total, page: Math.floor(offset / limit) + 1, pages: Math.ceil(total / limit), limit, offset, filters };
}

/**
 * Whether a list's params narrow it by nothing but `keys`: paging and order aside, and an empty `q`,
 * which searches for nothing. Lists that keep their totals answer such lists from them.
 */
export function narrowsOnlyBy(params: object, keys: readonly string[]): boolean {
  return Object.entries(params).every(
    ([key, value]) => value === undefined || keys.includes(key) || ['limit', 'offset', 'page', 'sort'].includes(key) || (key === 'q' && !value),
  );
}

/** Adds a list's `q` (text search over the spec's columns) and `modified_since` to its query. */
export function searchAndSince<Q extends SelectQueryBuilder<any, any, any>>(query: Q, spec: ListSpec, params: ListParams): Q {
  let narrowed = query;
  const needle = params.q;
  if (needle) narrowed = narrowed.where((eb) => eb.or(spec.searchColumns.map((column) => containsText(column, needle)))) as Q;
  if (params.modified_since !== undefined && spec.modifiedColumn) {
    narrowed = narrowed.where(sql.ref(spec.modifiedColumn), '>=', params.modified_since) as Q;
  }
  return narrowed;
}

/**
 * One page of a query that already carries every condition: the count, the order and the window.
 * Both queries use the same indexed conditions; a `total` the caller keeps replaces the count.
 */
export async function pageOf<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  spec: ListSpec,
  params: ListParams & Record<string, unknown>,
  settings: Settings,
  total?: number,
): Promise<{ rows: O[]; data: ListData }> {
  const { limit, offset } = pageWindow(params, settings);
  const order = parseSort(params.sort, spec);
  const countRow = total !== undefined ? { total } : await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
  let page = query;
  for (const { column, descending } of order) {
    const direction = descending ? 'desc' : 'asc';
    // Nulls sort as the lowest value on every database (PostgreSQL alone would put them highest).
    if (column !== spec.idColumn) page = page.orderBy(sql`case when ${sql.ref(column)} is null then 0 else 1 end`, direction);
    page = page.orderBy(sql.ref(column), direction);
  }
  const rows = await page.limit(limit).offset(offset).execute();
  return { rows, data: listData(Number((countRow as { total?: number })?.total ?? 0), limit, offset, appliedFilters(params)) };
}

/** One page of a list: `base` carries visibility and filters; this adds q and modified_since, then pages. */
export function runList<DB, TB extends keyof DB, O>(
  base: SelectQueryBuilder<DB, TB, O>,
  spec: ListSpec,
  params: ListParams & Record<string, unknown>,
  settings: Settings,
): Promise<{ rows: O[]; data: ListData }> {
  return pageOf(searchAndSince(base, spec, params), spec, params, settings);
}

/**
 * Equality filters (`{status: 'Active', billable: true}`) on `table`'s columns; booleans are stored as
 * 0/1. A list's own params (limit, sort, q, …) are passed over, so a list's params can be given whole.
 */
export function whereEquals<Q extends SelectQueryBuilder<any, any, any>>(query: Q, table: string, filters: Record<string, unknown>): Q {
  let filtered = query;
  for (const [field, value] of Object.entries(filters)) {
    if (value === undefined || LIST_KEYS.includes(field) || WORK_FILTER_KEYS.has(field)) continue;
    const stored = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    filtered = filtered.where(sql.ref(`${table}.${field}`), '=', stored) as Q;
  }
  return filtered;
}
