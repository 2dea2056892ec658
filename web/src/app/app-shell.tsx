import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { TeamProError } from 'teampro/client';
import { Loading, ErrorState } from '../components/status';
import { TimerWidget } from '../components/timer-widget';
import { useMe } from '../hooks/use-session';
import { signOut } from '../lib/api';
import { signedOutVersion, subscribeSignedOut } from '../lib/auth-events';

/** Where sign-in returns to: the path the user was on. */
export function signInPath(location: { pathname: string; search: string }): string {
  const here = location.pathname + location.search;
  return here === '/' || here.startsWith('/signin') ? '/signin' : `/signin?next=${encodeURIComponent(here)}`;
}

/**
 * Every signed-in screen: the header (brand, navigation, running timers, who is signed in, their
 * sessions, sign out)
 * and the screen below it. Nobody signed in, or a 401 from any call later: sign-in, then back here.
 */
export function AppShell() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [baseline] = useState(signedOutVersion);
  const version = useSyncExternalStore(subscribeSignedOut, signedOutVersion);
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    if (version !== baseline) {
      queryClient.clear();
      navigate(signInPath(location), { replace: true });
    }
  }, [version, baseline, location, navigate, queryClient]);

  if (me.isPending) return <Loading label="Loading TeamPro" />;
  if (me.isError) {
    if (me.error instanceof TeamProError && me.error.code === 401) return <Navigate to={signInPath(location)} replace />;
    return (
      <main className="page" id="main">
        <ErrorState error={me.error} retry={() => me.refetch()} />
      </main>
    );
  }

  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      queryClient.clear();
      navigate('/signin', { replace: true });
    }
  };

  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/projects" className="brand" aria-label="TeamPro home">
          <svg viewBox="0 0 32 32" width="24" height="24" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="#2457c5" />
            <path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" strokeWidth="3.2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span>TeamPro</span>
        </NavLink>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/projects">Projects</NavLink>
            </li>
            <li>
              <NavLink to="/my-work">My work</NavLink>
            </li>
          </ul>
        </nav>
        <TimerWidget />
        <div className="who">
          <span className="who-name" title={me.data.username}>
            {me.data.name || me.data.username}
          </span>
          <NavLink to="/sessions" className="who-link">
            Sessions
          </NavLink>
          <button type="button" className="button button-quiet" onClick={onSignOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
