import type { Config, ResourceInfo } from '../types.js';
import { Resource } from './base.js';

/** config: getConfig (read-only over the API). */
export class ConfigResource extends Resource {
  /** Every option, or one option's value: `await client.config.get('project_statuses')`. */
  get(): Promise<Config>;
  get<K extends keyof Config>(name: K): Promise<Config[K]>;
  async get(name?: string): Promise<unknown> {
    const config = await this.one<Record<string, unknown>>('getConfig', name === undefined ? {} : { name }, 'config');
    return name === undefined ? config : config[name];
  }
}

/** api: findResources, the method list with each method's params JSON Schema. */
export class ApiResource extends Resource {
  async resources(): Promise<ResourceInfo[]> {
    const response = await this.transport.call('findResources', {});
    return response.resources as ResourceInfo[];
  }
}
