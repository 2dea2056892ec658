import type { Admin, Config, FindAdminsParams, Page, ResourceInfo } from '../types.js';
import { paginate } from '../paging.js';
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

/** admins: who is signed in (getMe), and every admin's id, name and role (findAdmins). */
export class Admins extends Resource {
  /** The signed-in admin: `(await client.admins.me()).username`. */
  me(): Promise<Admin> {
    return this.one('getMe', {}, 'admin');
  }

  /** Every matching admin, fetching pages as the loop goes. */
  iterate(params: FindAdminsParams = {}): AsyncGenerator<Admin, void, undefined> {
    return paginate((p: FindAdminsParams) => this.list(p), 'admins', params);
  }

  /** Admins, to put names to the ids in other records: `client.admins.list({ q: 'ali' })`. */
  list(params: FindAdminsParams = {}): Promise<Page<'admins', Admin>> {
    return this.page('findAdmins', params);
  }
}

/** api: findResources, the method list with each method's params JSON Schema. */
export class ApiResource extends Resource {
  async resources(): Promise<ResourceInfo[]> {
    const response = await this.transport.call('findResources', {});
    return response.resources as ResourceInfo[];
  }
}
