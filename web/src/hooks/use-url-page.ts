import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';

/** The page a list keeps in the URL's `page`: 1 when it is absent or not a whole number from 1 up. */
export function pageIn(search: URLSearchParams): number {
  const page = Number(search.get('page'));
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

/**
 * The page in the URL and a way to another one. Page 1 is written as no `page` at all, so the first
 * page's address stays plain; the URL's other params are kept.
 */
export function useUrlPage() {
  const [search, setSearch] = useSearchParams();
  const goTo = useCallback(
    (page: number | null, replace = false) =>
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (page === null || page <= 1) next.delete('page');
          else next.set('page', String(page));
          return next;
        },
        { replace },
      ),
    [setSearch],
  );
  return [pageIn(search), goTo] as const;
}

/** Removing the last rows of the last page leaves it past the end: the new last page replaces it. */
export function useLastPageKept(page: number, pages: number | undefined, goTo: (page: number, replace: boolean) => void) {
  useEffect(() => {
    if (pages !== undefined && page > Math.max(1, pages)) goTo(pages, true);
  }, [page, pages, goTo]);
}
