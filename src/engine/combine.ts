import type { TObject } from '@sinclair/typebox';
import { Params } from './types.js';
import { ApiError } from '../errors.js';
import { chainParams, defineMethod, isRawReply, type EnvelopeReply, type MethodDef } from './method.js';

/**
 * A combined request (`projects/{project_id}/actions`): the parent record under its singular key plus
 * a list filtered by the parent's id, read on one snapshot. Built from the two methods it joins, so
 * every parent/list pair works the same way.
 */
export function combine(parent: MethodDef, list: MethodDef, plural: string, name: string, description: string): MethodDef {
  const key = chainParams(parent.chain).at(-1);
  if (!key || !(key in list.params.properties)) throw new Error(`${list.name} cannot be combined under ${parent.name}`);
  const params = Params({ ...list.params.properties, [key]: parent.params.properties[key] }, [key]) as TObject;
  return defineMethod({
    name,
    resource: parent.resource,
    chain: `${parent.chain}/${plural}`,
    http: 'GET',
    description,
    params,
    tx: 'read',
    async run(ctx, input) {
      const parentReply = await parent.run(ctx, { [key]: (input as Record<string, unknown>)[key] });
      const listReply = await list.run(ctx, input);
      if (isRawReply(parentReply) || isRawReply(listReply)) throw new ApiError('INTERNAL');
      return { data: listReply.data, ...parentReply, [plural]: listReply[plural] } satisfies EnvelopeReply;
    },
  });
}
