import type { IncomingHttpHeaders } from 'node:http';

/**
 * Where a browser says a request comes from: `same` (a page of this server), `cross` (another site's
 * page), or `unknown` when the request carries neither `Sec-Fetch-Site` nor `Origin`, as non-browser
 * clients (curl, the SDK in Node) send it. Either header saying "another site" wins.
 */
export type RequestSite = 'same' | 'cross' | 'unknown';

export function requestSite(headers: IncomingHttpHeaders, ownOrigin: string): RequestSite {
  const fetchSite = headers['sec-fetch-site'];
  const origin = headers.origin;
  const fetchSaysSame = fetchSite === 'same-origin';
  // `none` is a navigation the user made (a typed or bookmarked URL): no page of ours asked for it.
  const fetchSaysCross = fetchSite !== undefined && !fetchSaysSame;
  const originSaysSame = origin !== undefined && origin === ownOrigin;
  const originSaysCross = origin !== undefined && !originSaysSame;
  if (fetchSaysCross || originSaysCross) return 'cross';
  return fetchSaysSame || originSaysSame ? 'same' : 'unknown';
}
