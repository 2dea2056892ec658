import type { ListData } from './types.js';

interface PageParams {
  limit?: number;
  offset?: number;
  page?: number;
}

/**
 * Yields every record of a list, page after page, starting where `params` says (offset or page).
 * The next page starts after the records already seen, so a page size the server caps is followed.
 * Records created or deleted while iterating can shift later pages, as with any offset paging.
 */
export async function* paginate<K extends string, R, P extends PageParams>(
  fetchPage: (params: P) => Promise<{ data: ListData } & { [Q in K]: R[] }>,
  key: K,
  params: P,
): AsyncGenerator<R, void, undefined> {
  let request: P = params;
  for (;;) {
    const result = await fetchPage(request);
    const items = result[key] as R[];
    for (const item of items) yield item;
    const next = result.data.offset + items.length;
    if (items.length === 0 || next >= result.data.total) return;
    const { page: _page, ...rest } = request;
    request = { ...rest, offset: next, limit: result.data.limit } as P;
  }
}
