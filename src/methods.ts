import { actionMethods, findActions } from './actions/methods.js';
import { apiMethods } from './api/methods.js';
import { configMethods } from './config/methods.js';
import { combine } from './engine/combine.js';
import type { MethodDef } from './engine/method.js';
import { getProject, projectMethods } from './projects/methods.js';

/**
 * Every method of the Remote API, in findResources order. Combined requests are built from the
 * parent's get and the child's find, so they can never drift from them.
 */
export function allMethods(): MethodDef[] {
  const combined: MethodDef[] = [
    combine(getProject, findActions, 'actions', 'getProjectActions', 'Return a Project Action List'),
  ];
  void combine;
  return [...apiMethods, ...configMethods, ...projectMethods, ...actionMethods, ...combined] as MethodDef[];
}
