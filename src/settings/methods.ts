import { Type } from '@sinclair/typebox';
import { defineMethod } from '../engine/method.js';
import { Params } from '../engine/types.js';
import { notFound } from '../errors.js';
import { isSettingName } from './settings.js';

export const getConfig = defineMethod({
  name: 'getConfig',
  resource: 'config',
  chain: 'config',
  http: 'GET',
  description: 'Return a Config Option (all options when no name is given)',
  params: Params({ name: Type.String({ maxLength: 64, description: 'Option name, e.g. project_statuses' }) }),
  reply: Type.Object({ config: Type.Record(Type.String(), Type.Unknown()) }),
  async run(ctx, params) {
    if (params.name === undefined) return { config: { ...ctx.settings } };
    if (!isSettingName(params.name)) throw notFound('Config option', params.name);
    return { config: { [params.name]: ctx.settings[params.name] } };
  },
});

export const configMethods = [getConfig];
