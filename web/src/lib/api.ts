/**
 * The one TeamPro client the app calls the server through: the project's own SDK in session mode.
 * The HttpOnly session cookie, set by createSession at sign-in, is the only credential: the page
 * never keeps a password, its MD5 or the token.
 */
import { TeamProClient, type Session } from 'teampro/client';

const client = new TeamProClient({ url: '/api.php', session: true });

export function api(): TeamProClient {
  return client;
}

/** Signs in with the plain password (the SDK sends its MD5); throws TeamProError (401 wrong password, 403 banned address). */
export function signIn(username: string, password: string): Promise<Session> {
  return client.sessions.signIn({ username, password });
}

/** Signs out: the server ends the session and clears its cookie. */
export async function signOut(): Promise<void> {
  await client.sessions.signOut();
}
