import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { TeamProError } from 'teampro/client';
import { signedOut } from './auth-events';

const unauthorized = (error: unknown) => error instanceof TeamProError && error.code === 401;

/**
 * Server state. A 401 anywhere (the session expired or was revoked) sends the user to sign-in, which
 * brings them back to where they were; other errors are shown where they happen.
 */
export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error) => unauthorized(error) && signedOut() }),
  mutationCache: new MutationCache({ onError: (error) => unauthorized(error) && signedOut() }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      retry: (count, error) => !(error instanceof TeamProError && error.code > 0 && error.code < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

/** The server's message, plainly: a TeamProError's, or a generic one. */
export function errorMessage(error: unknown): string {
  if (error instanceof TeamProError) return error.code === 0 ? 'The server cannot be reached. Check the connection and try again.' : error.message;
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** The message the server gave for one param (400 replies name them), to show at its field. */
export function fieldError(error: unknown, param: string): string | undefined {
  if (!(error instanceof TeamProError)) return undefined;
  return error.errors.find((e) => e.param === param)?.message;
}
