import { formatNumber } from '../lib/format';

interface Props {
  page: number;
  pages: number;
  total: number;
  /** What the list counts, plural: "projects", "logs". */
  noun: string;
  /** Goes to a page; page 1 is given as null, so the URL of the first page stays plain. */
  onPage: (page: number | null) => void;
}

/** Previous / Next under a paged list, with where the reader is. */
export function Pager({ page, pages, total, noun, onPage }: Props) {
  const last = Math.max(1, pages);
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1 > 1 ? page - 1 : null)}>
        Previous
      </button>
      <span aria-live="polite">
        Page {page} of {last} · {formatNumber(total)} {noun}
      </span>
      <button type="button" className="button" disabled={page >= last} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
