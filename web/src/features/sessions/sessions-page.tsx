import { useEffect, useRef, useState } from 'react';
import type { Session } from 'teampro/client';
import { FormDialog } from '../../components/dialog';
import { Pager } from '../../components/pager';
import { Empty, ErrorState, Loading, Notice } from '../../components/status';
import { useLastPageKept, useUrlPage } from '../../hooks/use-url-page';
import { errorMessage } from '../../lib/query-client';
import { SessionTable, sessionLabel } from './session-table';
import { useRevokeSessions, useSessions } from './use-sessions';

type Confirming = Session | 'others' | null;

/** Asks before signing a session out (or all the others): the browser there is sent to sign-in at its next step. */
function ConfirmDialog({ confirming, onCancel, onConfirm }: { confirming: Exclude<Confirming, null>; onCancel: () => void; onConfirm: () => void }) {
  const all = confirming === 'others';
  return (
    <FormDialog title={all ? 'Sign out all other sessions?' : 'Sign out this session?'} role="alertdialog" onClose={onCancel}>
      <p>{all ? 'Every browser signed in as you, except this one,' : sessionLabel(confirming)} will be signed out at once and sent to the sign-in page at its next step.</p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={onConfirm}>
          {all ? 'Sign out all others' : 'Sign out'}
        </button>
      </div>
    </FormDialog>
  );
}

/** Confirm, then sign out: what awaits confirmation, the server's refusal, and what was done (announced). */
function useSignOutFlow() {
  const { one, others } = useRevokeSessions();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [done, setDone] = useState('');
  // The button that opened the confirmation is gone once its session is, so focus goes to the list.
  const list = useRef<HTMLDivElement>(null);
  const finished = (message: string) => {
    setDone(message);
    list.current?.focus();
  };
  const confirm = () => {
    const target = confirming;
    setConfirming(null);
    setNotice(null);
    setDone('');
    const onError = (error: unknown) => setNotice(errorMessage(error));
    if (target === 'others') others.mutate(undefined, { onError, onSuccess: (n) => finished(n === 1 ? 'Signed out 1 other session.' : `Signed out ${n} other sessions.`) });
    else if (target) one.mutate(target.session_id, { onError, onSuccess: () => finished(`Signed out ${sessionLabel(target)}.`) });
  };
  const revoking = one.isPending ? one.variables : undefined;
  return { confirming, setConfirming, confirm, notice, dismiss: () => setNotice(null), done, list, revoking, allPending: others.isPending };
}

/** Where the signed-in admin is signed in: every browser session of theirs, each one can be signed out. */
export default function SessionsPage() {
  const [page, goTo] = useUrlPage();
  const sessions = useSessions(page);
  const flow = useSignOutFlow();
  useLastPageKept(page, sessions.data?.data.pages, goTo);
  useEffect(() => {
    document.title = 'Sessions · TeamPro';
  }, []);

  if (sessions.isPending) return <Loading label="Loading sessions" />;
  if (sessions.isError)
    return (
      <section className="page">
        <ErrorState error={sessions.error} retry={() => sessions.refetch()} />
      </section>
    );
  const { data, sessions: rows } = sessions.data;
  const alone = data.total <= 1;

  return (
    <section className="page sessions" aria-labelledby="sessions-title">
      <div className="page-head">
        <h1 id="sessions-title">Sessions</h1>
        {!alone && (
          <button type="button" className="button" disabled={flow.allPending} onClick={() => flow.setConfirming('others')}>
            {flow.allPending ? 'Signing out…' : 'Sign out all other sessions'}
          </button>
        )}
      </div>
      <p className="muted">
        Every browser signed in as you. A session ends when it goes unused for a while, or at its latest end however much it is used. Signing one out
        here ends it at once; this browser signs out with Sign out at the top.
      </p>
      {flow.notice && <Notice message={flow.notice} onDismiss={flow.dismiss} />}
      <p className="sr-only" role="status">
        {flow.done}
      </p>
      {alone && (
        <Empty>
          <p>Only this browser is signed in.</p>
        </Empty>
      )}
      {rows.length > 0 && <SessionTable sessions={rows} onRevoke={flow.setConfirming} revoking={flow.revoking} regionRef={flow.list} />}
      {data.pages > 1 && <Pager page={page} pages={data.pages} total={data.total} noun="sessions" onPage={(n) => goTo(n)} />}
      {flow.confirming && <ConfirmDialog confirming={flow.confirming} onCancel={() => flow.setConfirming(null)} onConfirm={flow.confirm} />}
    </section>
  );
}
