import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { TeamProError } from 'teampro/client';
import { meKey, useMe } from '../../hooks/use-session';
import { api, signIn } from '../../lib/api';
import { formatDateTime } from '../../lib/format';

/** Only a path of this app (never another site) is a place to return to. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/projects';
}

/** What a refused sign-in means, in words: wrong password, a banned address and until when, or the server's message. */
function refusal(error: unknown): string {
  if (error instanceof TeamProError) {
    if (error.code === 401) return 'Wrong username or password.';
    if (error.code === 403 && /banned/i.test(error.message)) {
      const until = error.retryAfter !== undefined ? ` until ${formatDateTime(new Date(Date.now() + error.retryAfter * 1000).toISOString())}` : ' until an administrator lifts the ban';
      return `${error.message}: too many failed sign-ins from this address. Signing in is blocked${until}.`;
    }
    if (error.code === 0) return 'The server cannot be reached. Check the connection and try again.';
    return error.message;
  }
  return 'Signing in failed.';
}

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const queryClient = useQueryClient();
  const me = useMe();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · TeamPro';
  }, []);

  if (done || me.isSuccess) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      queryClient.clear();
      queryClient.setQueryData(meKey, await api().admins.me());
      setDone(true);
    } catch (caught) {
      setError(refusal(caught));
      setPassword('');
      userRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin" id="main">
      <form className="signin-card" onSubmit={submit} aria-labelledby="signin-title" noValidate>
        <div className="signin-brand" aria-hidden="true">
          <svg viewBox="0 0 32 32" width="40" height="40">
            <rect width="32" height="32" rx="7" fill="#2457c5" />
            <path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" strokeWidth="3.2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </div>
        <h1 id="signin-title">Sign in to TeamPro</h1>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor="signin-username">Username</label>
          <input id="signin-username" ref={userRef} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </div>
        <div className="field">
          <label htmlFor="signin-password">Password</label>
          <input id="signin-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" className="button button-primary button-wide" disabled={busy || !username || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
