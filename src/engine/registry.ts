import { ApiError, quote } from '../errors.js';
import type { HttpMethod, MethodDef } from './method.js';
import { hasKeys } from './params.js';

export interface MatchedMethod {
  readonly method: MethodDef;
  /** Ids taken from the chain, e.g. { project_id: 100 }. */
  readonly ids: Record<string, number>;
}

interface Route {
  readonly method: MethodDef;
  readonly parts: readonly { literal?: string; param?: string }[];
}

/** Resolves an action chain's segments and an HTTP method to one method definition. */
export class MethodRegistry {
  /** Routes by segment count, then by first segment (every chain starts with its resource's name). */
  private readonly routes: Map<string, Route[]>[] = [];

  constructor(readonly methods: readonly MethodDef[]) {
    const names = new Set<string>();
    for (const method of methods) {
      if (names.has(method.name)) throw new Error(`Method ${method.name} is defined twice`);
      names.add(method.name);
      const parts = method.chain.split('/').map((part) => {
        const param = /^\{(\w+)\}$/.exec(part)?.[1];
        return param ? { param } : { literal: part.toLowerCase() };
      });
      if (parts[0].literal === undefined) throw new Error(`Method ${method.name}: a chain starts with a resource name`);
      const byFirst = (this.routes[parts.length] ??= new Map());
      byFirst.set(parts[0].literal, [...(byFirst.get(parts[0].literal) ?? []), { method, parts }]);
    }
  }

  byName(name: string): MethodDef | undefined {
    return this.methods.find((m) => m.name === name);
  }

  /**
   * An id may come in params instead of the chain (`projects` with params project_id=100 is
   * `projects/100`), as wbTeamPro clients send it: when the chain's own method does not take that
   * id, the method one placeholder longer that does is the one meant.
   */
  match(segments: readonly string[], http: HttpMethod, params: Record<string, unknown> = {}): MatchedMethod {
    const lower = segments.map((segment) => segment.toLowerCase());
    const exact = this.tryMatch(segments, lower, http);
    const direct = exact && 'method' in exact ? exact : null;
    // Most requests carry no params beside the chain: then no longer route can be meant.
    const longer = hasKeys(params) ? this.longerRoute(lower, http, params, direct) : undefined;
    if (longer && segments.length > 0) return this.match([...segments, String(params[longer.parts[longer.parts.length - 1].param!])], http);
    if (direct) return direct;
    throw exact;
  }

  /** The route one placeholder longer whose id the params give, unless the chain's own method takes that id. */
  private longerRoute(lower: readonly string[], http: HttpMethod, params: Record<string, unknown>, direct: MatchedMethod | null): Route | undefined {
    return this.routesOf(lower.length + 1, lower[0]).find((route) => {
      const last = route.parts[route.parts.length - 1];
      return (
        route.method.http === http &&
        last.param !== undefined &&
        params[last.param] !== undefined &&
        !(direct && last.param in direct.method.params.properties) &&
        route.parts.slice(0, -1).every((part, i) => (part.literal !== undefined ? part.literal === lower[i] : isIdText(lower[i])))
      );
    });
  }

  private routesOf(length: number, first: string | undefined): readonly Route[] {
    return (first !== undefined && this.routes[length]?.get(first)) || [];
  }

  /** `lower` is `segments` in lower case: names match in any case, messages quote what was sent. */
  private tryMatch(segments: readonly string[], lower: readonly string[], http: HttpMethod): MatchedMethod | ApiError {
    const candidates: MatchedMethod[] = [];
    let badId: string | null = null;
    for (const route of this.routesOf(lower.length, lower[0])) {
      const fit = fitRoute(route, segments, lower);
      if (typeof fit === 'string') badId ??= fit;
      else if (fit && route.method.http === http) return { method: route.method, ids: fit };
      else if (fit) candidates.push({ method: route.method, ids: fit });
    }
    return refusal(segments.join('/'), http, candidates, badId);
  }
}

/** The ids a route takes from the segments if they fit it; null if a name differs; why, if an id is bad. */
function fitRoute(route: Route, segments: readonly string[], lower: readonly string[]): Record<string, number> | string | null {
  const ids: Record<string, number> = {};
  for (let i = 0; i < route.parts.length; i += 1) {
    const { literal, param } = route.parts[i];
    if (literal !== undefined) {
      if (literal !== lower[i]) return null;
      continue;
    }
    const id = chainId(segments[i]);
    if (id === null) return `${quote(segments[i])} is not a valid ${param} (a whole number from 1 to ${MAX_CHAIN_ID})`;
    ids[param!] = id;
  }
  return ids;
}

/** Whether a segment is written as a chain id: 1 to 10 ASCII digits. */
function isIdText(segment: string): boolean {
  if (segment.length === 0 || segment.length > 10) return false;
  for (let i = 0; i < segment.length; i += 1) {
    const code = segment.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** The largest id a chain may name: ids are 32-bit integers on every database. */
export const MAX_CHAIN_ID = 2_147_483_647;

/** A chain id: written as one, above zero, and one that the databases can hold. */
function chainId(segment: string): number | null {
  const id = isIdText(segment) ? Number(segment) : 0;
  return id > 0 && id <= MAX_CHAIN_ID ? id : null;
}

function refusal(action: string, http: HttpMethod, candidates: MatchedMethod[], badId: string | null): ApiError {
  if (candidates.length === 0) {
    if (badId) return new ApiError('BAD_REQUEST', `Invalid resource action ${quote(action)}: ${badId}`);
    return new ApiError('UNKNOWN_ACTION', `Unknown resource action ${quote(action)}; see api/resources for the list`);
  }
  const allowed = candidates.map((c) => c.method.http).join(', ');
  return new ApiError('METHOD_NOT_ALLOWED', `${http} is not allowed on ${quote(action)}; allowed: ${allowed}`, undefined, { Allow: allowed });
}
