/**
 * Sign-in state seen by the whole app: a 401 from any call flips it to signed out, and the router
 * then shows sign-in with the current location to return to.
 */
type Listener = () => void;
const listeners = new Set<Listener>();
let version = 0;

export function signedOut(): void {
  version += 1;
  for (const listener of listeners) listener();
}

export function subscribeSignedOut(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signedOutVersion(): number {
  return version;
}
