import { Type } from '@sinclair/typebox';
import type { Settings } from '../settings/settings.js';
import { listData } from '../engine/lists.js';
import { defineMethod, type MethodDef } from '../engine/method.js';

/** A method as findResources describes it; the sandbox, OpenAPI document and SDK are built from this. */
export interface ResourceDescription {
  name: string;
  resource: string;
  chain: string;
  method: string;
  description: string;
  params: unknown;
}

/** The JSON Schema of a method's params, with configured lists (x-config) filled in as enums. */
export function paramsSchema(method: MethodDef, settings?: Settings): unknown {
  return JSON.parse(JSON.stringify(method.params), (_key, value) => {
    if (settings && value && typeof value === 'object' && typeof value['x-config'] === 'string') {
      const list = settings[value['x-config'] as keyof Settings];
      if (Array.isArray(list)) return { ...value, enum: list };
    }
    return value;
  });
}

export function describeMethods(methods: readonly MethodDef[], settings?: Settings): ResourceDescription[] {
  return methods.map((m) => ({
    name: m.name,
    resource: m.resource,
    chain: m.chain,
    method: m.http,
    description: m.description,
    params: paramsSchema(m, settings),
  }));
}

export const findResources = defineMethod({
  name: 'findResources',
  resource: 'api',
  chain: 'api/resources',
  http: 'GET',
  description: 'Return the API Resource List',
  params: Type.Object({}, { additionalProperties: false }),
  async run(ctx) {
    const resources = describeMethods(ctx.methods, ctx.settings);
    return { data: listData(resources.length, Math.max(resources.length, 1), 0, {}), resources };
  },
});

export const apiMethods = [findResources];
