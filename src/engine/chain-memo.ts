import { setBounded } from './bounded-map.js';
import { parseChain, type ParsedChain } from './chain.js';
import type { HttpMethod, MethodDef } from './method.js';
import { hasKeys, mergeParams, NO_PARAMS, validateParams } from './params.js';
import type { MethodRegistry } from './registry.js';

/** A chain text as read once: its parse, and what it resolves to per operation when sent without params. */
export interface ReadChain {
  readonly chain: ParsedChain;
  readonly bare: Map<HttpMethod, Resolved>;
}

/** The method a request calls and its validated params. */
export interface Resolved {
  readonly method: MethodDef;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Longer texts are read afresh each time, so that what is remembered stays small. */
const MAX_TEXT_LENGTH = 200;

/**
 * Chain texts the engine has read before. Clients call the same chains over and over
 * (`v1/projects/42/json`), and reading one — splitting, trimming and lower-casing it, finding its
 * method, checking the chain's ids against the method's schema — costs a few microseconds a request.
 * So a text's parse is remembered, and, for a request that sends no params of its own, the method
 * and validated params it resolves to (frozen: every request shares them). A refusal is never
 * remembered: each is worked out again, with its own message. Oldest entries go first past `maxEntries`.
 */
export class ChainMemo {
  private readonly entries = new Map<string, ReadChain>();

  constructor(
    private readonly registry: MethodRegistry,
    private readonly maxEntries = 1000,
  ) {}

  read(text: string): ReadChain {
    const known = this.entries.get(text);
    if (known) return known;
    const entry: ReadChain = { chain: parseChain(text), bare: new Map() };
    if (text.length <= MAX_TEXT_LENGTH) setBounded(this.entries, text, entry, this.maxEntries);
    return entry;
  }

  /** The method `http` on the chain calls, and its params: the chain's ids merged into `given`, validated. */
  resolve(entry: ReadChain, http: HttpMethod, given: Record<string, unknown>): Resolved {
    if (hasKeys(given)) return this.matchAndValidate(entry.chain, http, given);
    let resolved = entry.bare.get(http);
    if (!resolved) {
      const { method, params } = this.matchAndValidate(entry.chain, http, NO_PARAMS);
      resolved = { method, params: Object.freeze(params) };
      entry.bare.set(http, resolved);
    }
    return resolved;
  }

  private matchAndValidate(chain: ParsedChain, http: HttpMethod, given: Record<string, unknown>): Resolved {
    const { method, ids } = this.registry.match(chain.segments, http, given);
    return { method, params: validateParams(method.params, mergeParams([given, ids])) };
  }
}
