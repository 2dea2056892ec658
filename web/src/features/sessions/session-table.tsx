import type { Ref } from 'react';
import type { Session } from 'teampro/client';
import { formatDateTime } from '../../lib/format';
import { browserName } from './browser-name';

/** How a session is named to a screen reader in its row's button and in the confirmation. */
export function sessionLabel(session: Session): string {
  return `${browserName(session.user_agent)} at ${session.ip || 'an unknown address'}, signed in ${formatDateTime(session.created)}`;
}

function BrowserCell({ session }: { session: Session }) {
  return (
    <td className="session-browser">
      <span className="session-name">{browserName(session.user_agent)}</span>
      {session.current && <span className="badge badge-current">This browser</span>}
      {session.user_agent && <span className="session-agent muted small">{session.user_agent}</span>}
    </td>
  );
}

function SessionRow({ session, onRevoke, revoking }: { session: Session; onRevoke: (session: Session) => void; revoking: boolean }) {
  return (
    <tr className={session.current ? 'row-current' : undefined} aria-current={session.current ? 'true' : undefined}>
      <BrowserCell session={session} />
      <td>{session.ip || '—'}</td>
      <td>{formatDateTime(session.created)}</td>
      <td>{formatDateTime(session.last_seen)}</td>
      <td>{formatDateTime(session.idle_expires)}</td>
      <td>{formatDateTime(session.expires)}</td>
      {/* This browser has no button here: the header's Sign out ends its session and goes to sign-in. */}
      <td className="commands-cell">
        {!session.current && (
          <button type="button" className="button button-small" disabled={revoking} onClick={() => onRevoke(session)} aria-label={`Sign out ${sessionLabel(session)}`}>
            Sign out
          </button>
        )}
      </td>
    </tr>
  );
}

/** The sessions as a table in its own scrolling box, so a narrow screen scrolls the table and not the page. */
interface TableProps {
  sessions: readonly Session[];
  onRevoke: (session: Session) => void;
  /** The session being signed out, whose button waits for the server. */
  revoking?: number;
  regionRef?: Ref<HTMLDivElement>;
}

export function SessionTable({ sessions, onRevoke, revoking, regionRef }: TableProps) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Sessions table" ref={regionRef}>
      <table className="table sessions-table">
        <caption className="sr-only">Your signed-in sessions</caption>
        <thead>
          <tr>
            <th scope="col">Browser</th>
            <th scope="col">Address</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col">Ends if unused</th>
            <th scope="col">Ends at the latest</th>
            <th scope="col" className="commands-cell">
              <span className="sr-only">Commands</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <SessionRow key={session.session_id} session={session} onRevoke={onRevoke} revoking={session.session_id === revoking} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
