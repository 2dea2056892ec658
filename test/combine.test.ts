import { describe, expect, it } from 'vitest';
import { combine } from '../src/engine/combine.js';
import { defineMethod, type CallContext, type EnvelopeReply, type MethodDef, type RawReply } from '../src/engine/method.js';
import { Id, Params, Text } from '../src/engine/types.js';
import { ApiError } from '../src/errors.js';

/*
 * combine() called on two small methods of its own, so that each of its rules is looked at alone: the
 * API suites reach it only through the three combined project lists.
 */

type Reply = EnvelopeReply | RawReply;
const raw: RawReply = { raw: true, status: 200, headers: {}, body: null };
const ctx = {} as CallContext;

function parentMethod(reply: (input: Record<string, unknown>) => Reply, chain = 'shelves/{shelf_id}'): MethodDef & { calls: unknown[] } {
  const calls: unknown[] = [];
  const method = defineMethod({
    name: 'getShelf', resource: 'shelves', chain, http: 'GET', description: 'a shelf',
    params: Params({ shelf_id: Id('the shelf') }, ['shelf_id']),
    run: async (_ctx, input) => {
      calls.push(input);
      return reply(input as Record<string, unknown>);
    },
  }) as MethodDef;
  return Object.assign(method, { calls });
}

function listMethod(reply: (input: Record<string, unknown>) => Reply, withShelf = true): MethodDef & { calls: unknown[] } {
  const calls: unknown[] = [];
  const method = defineMethod({
    name: 'findBooks', resource: 'books', chain: 'books', http: 'GET', description: 'books',
    params: Params(withShelf ? { shelf_id: Id('filter'), q: Text('search') } : { q: Text('search') }),
    run: async (_ctx, input) => {
      calls.push(input);
      return reply(input as Record<string, unknown>);
    },
  }) as MethodDef;
  return Object.assign(method, { calls });
}

const shelfReply = (input: Record<string, unknown>) => ({ shelf: { shelf_id: input.shelf_id, name: 'top' } });
const booksReply = (input: Record<string, unknown>) => ({ data: { total: 1, filters: input }, books: [{ book_id: 3 }] });

describe('combine', () => {
  it('answers with the list page, the parent under its key and the records under the plural', async () => {
    const parent = parentMethod(shelfReply);
    const list = listMethod(booksReply);
    const combined = combine(parent, list, 'books', 'getShelfBooks', 'Books on a shelf');
    expect(combined).toMatchObject({ name: 'getShelfBooks', resource: 'shelves', chain: 'shelves/{shelf_id}/books', http: 'GET', description: 'Books on a shelf' });
    const reply = await combined.run(ctx, { shelf_id: 7, q: 'x' });
    expect(reply).toEqual({ data: { total: 1, filters: { shelf_id: 7, q: 'x' } }, shelf: { shelf_id: 7, name: 'top' }, books: [{ book_id: 3 }] });
    // The parent is asked for its key alone; the list gets every param, the key among them.
    expect(parent.calls).toEqual([{ shelf_id: 7 }]);
    expect(list.calls).toEqual([{ shelf_id: 7, q: 'x' }]);
  });

  it('reads both on one snapshot', () => {
    expect(combine(parentMethod(shelfReply), listMethod(booksReply), 'books', 'getShelfBooks', 'd').tx).toBe('read');
  });

  it('takes the list params with the parent key made required', () => {
    const combined = combine(parentMethod(shelfReply), listMethod(booksReply), 'books', 'getShelfBooks', 'd');
    expect(Object.keys(combined.params.properties).sort()).toEqual(['q', 'shelf_id']);
    expect(combined.params.required).toEqual(['shelf_id']);
  });

  it('refuses a list that cannot be filtered by the parent key, and a parent without one', () => {
    const list = listMethod(booksReply, false);
    expect(() => combine(parentMethod(shelfReply), list, 'books', 'getShelfBooks', 'd')).toThrow(/findBooks.*getShelf/);
    expect(() => combine(parentMethod(shelfReply, 'shelves'), listMethod(booksReply), 'books', 'getShelfBooks', 'd')).toThrow(/findBooks.*getShelf/);
  });

  it('fails as an internal error when either side answers with a raw reply', async () => {
    for (const [parentReply, listReply] of [[() => raw, booksReply], [shelfReply, () => raw]] as const) {
      const combined = combine(parentMethod(parentReply), listMethod(listReply), 'books', 'getShelfBooks', 'd');
      const error = await combined.run(ctx, { shelf_id: 1 }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('INTERNAL');
    }
  });
});
