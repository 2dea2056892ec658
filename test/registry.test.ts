import { describe, expect, it } from 'vitest';
import { defineMethod, type MethodDef } from '../src/engine/method.js';
import { MethodRegistry } from '../src/engine/registry.js';
import { Id, Params } from '../src/engine/types.js';
import { allMethods } from '../src/method-list.js';

const registry = new MethodRegistry(allMethods());

const nameOf = (chain: string, http: 'GET' | 'POST' | 'PUT' | 'DELETE' = 'GET', params: Record<string, unknown> = {}) =>
  registry.match(chain.split('/'), http, params).method.name;

const refusal = (chain: string, http: 'GET' | 'POST' | 'PUT' | 'DELETE' = 'GET') => {
  try {
    registry.match(chain.split('/'), http);
  } catch (error) {
    return error as { code: string; message: string; headers?: Record<string, string> };
  }
  throw new Error(`${http} ${chain} matched`);
};

describe('method registry', () => {
  it('tells methods apart by length, resource name and HTTP method', () => {
    expect(nameOf('projects')).toBe('findProjects');
    expect(nameOf('projects', 'POST')).toBe('createProject');
    expect(nameOf('projects/100')).toBe('getProject');
    expect(nameOf('projects/100', 'DELETE')).toBe('deleteProject');
    expect(nameOf('files/bythread')).toBe('findFileThreads');
    expect(nameOf('files/7/download')).toBe('downloadFile');
    expect(registry.match(['actions', '12'], 'PUT').ids).toEqual({ action_id: 12 });
  });

  it('matches names in any case and quotes the chain as sent when it refuses', () => {
    expect(nameOf('Projects/100')).toBe('getProject');
    expect(nameOf('TOPICS/ByThread')).toBe('findTopicThreads');
    expect(refusal('Projects/abc')).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('"abc" is not a valid project_id') });
    expect(refusal('Nothing/1')).toMatchObject({ code: 'UNKNOWN_ACTION', message: expect.stringContaining('"Nothing/1"') });
    expect(refusal('projects/0').code).toBe('BAD_REQUEST');
  });

  it('answers a known chain with the wrong HTTP method with the ones allowed', () => {
    const refused = refusal('config', 'DELETE');
    expect(refused.code).toBe('METHOD_NOT_ALLOWED');
    expect(refused.headers).toEqual({ Allow: 'GET' });
  });

  it('routes an id given in params like an id in the chain', () => {
    expect(nameOf('projects', 'GET', { project_id: 100 })).toBe('getProject');
    expect(nameOf('projects', 'PUT', { project_id: 100 })).toBe('updateProject');
    // findActions filters by project_id; it does not become a get.
    expect(nameOf('actions', 'GET', { project_id: 100 })).toBe('findActions');
  });

  it('refuses definitions it could not route', () => {
    const method = (name: string, chain: string): MethodDef =>
      defineMethod({ name, resource: 'x', chain, http: 'GET', description: name, params: Params({ id: Id('id') }, []), run: async () => ({}) }) as MethodDef;
    expect(() => new MethodRegistry([method('a', 'x'), method('a', 'y')])).toThrow(/defined twice/);
    expect(() => new MethodRegistry([method('b', '{id}/x')])).toThrow(/starts with a resource name/);
  });
});
