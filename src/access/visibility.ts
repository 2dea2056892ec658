import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Caller } from '../engine/method.js';

/**
 * Who sees what (docs/api.md, Roles and visibility), as SQL conditions that every query of every resource applies, so lists,
 * totals, gets and combined requests can never disagree. Super admins see everything.
 */
type AnyEb = ExpressionBuilder<any, any>;

/**
 * `query` limited to the rows the caller may see by `condition`. A super admin sees every row, so their
 * query carries no condition at all: nothing to build per request, nothing for the planner to weigh.
 */
export function onlyVisible<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  caller: Caller,
  condition: (eb: ExpressionBuilder<DB, TB>) => Expression<SqlBool>,
): SelectQueryBuilder<DB, TB, O> {
  return caller.access === 'super' ? query : query.where(condition);
}

/** Condition on a `projects` row (qualified by `alias`) that the caller may see it. */
export function projectVisible(eb: AnyEb, caller: Caller, alias = 'projects'): Expression<SqlBool> {
  if (caller.access === 'super') return sql<SqlBool>`1 = 1`;
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return eb.or([
    eb(col('admin_access'), '=', 'all'),
    eb(col('manager_adminid'), '=', caller.id),
    eb.and([
      eb(col('admin_access'), '=', 'related'),
      eb.or([eb(col('assigned_adminid'), '=', caller.id), eb(col('assigned_adminid'), '=', 0)]),
    ]),
  ]);
}

/**
 * A `visible` column (1 or 0) saying whether the caller may see the `projects` row selected, for a
 * query that reads the row either way: the kept counts of a project answer a list only for a caller
 * who sees the whole project. Read it back with `isVisibleRow`.
 */
export function visibleColumn(eb: AnyEb, caller: Caller, alias = 'projects') {
  return sql<number>`case when ${projectVisible(eb, caller, alias)} then 1 else 0 end`.as('visible');
}

/** Whether a row read with `visibleColumn` was visible (drivers give the flag as a number or a text). */
export function isVisibleRow<Row extends { visible: unknown }>(row: Row | undefined): row is Row {
  return row !== undefined && Number(row.visible) === 1;
}

/**
 * Condition that the project id in `projectColumn` is one the caller may see. A correlated EXISTS
 * checks only the row's own project (by primary key), so its cost does not grow with the number of
 * projects, as an IN over every visible project would.
 */
export function inVisibleProject(eb: AnyEb, caller: Caller, projectColumn: string): Expression<SqlBool> {
  if (caller.access === 'super') return sql<SqlBool>`1 = 1`;
  const ownProject = eb
    .selectFrom('projects as vp')
    .select(sql`1`.as('visible'))
    .whereRef('vp.project_id', '=', sql.ref(projectColumn) as never)
    .where((inner: AnyEb) => projectVisible(inner, caller, 'vp'));
  return eb.exists(ownProject);
}

/** Condition for an action id column: the action is assigned to the caller. */
export function assignedAction(eb: AnyEb, caller: Caller, actionColumn: string): Expression<SqlBool> {
  const assigned = eb.selectFrom('actions as va').select('va.action_id').where('va.assigned_adminid', '=', caller.id);
  return eb.and([eb(sql.ref(actionColumn), '>', 0), eb(sql.ref(actionColumn), 'in', assigned)]);
}

/**
 * Condition on a `projects` row (qualified by `alias`) that the caller may write at the place (that
 * project, action `actionId`): they see the project, or `actionId` is an action of it assigned to them.
 * Action 0, the project level, takes the project itself.
 */
export function placeWritable(eb: AnyEb, caller: Caller, actionId: number, alias = 'projects'): Expression<SqlBool> {
  if (caller.access === 'super') return sql<SqlBool>`1 = 1`;
  if (actionId <= 0) return projectVisible(eb, caller, alias);
  const assignedHere = eb
    .selectFrom('actions as pa')
    .select('pa.action_id')
    .where('pa.action_id', '=', actionId)
    .whereRef('pa.project_id', '=', sql.ref(`${alias}.project_id`) as never)
    .where('pa.assigned_adminid', '=', caller.id);
  return eb.or([projectVisible(eb, caller, alias), eb.exists(assignedHere)]);
}

/**
 * Condition for a record that belongs to a project and maybe an action (topics, files, ticket links,
 * time logs, and actions themselves): visible through its project, or through an action assigned to the caller.
 */
export function recordVisible(eb: AnyEb, caller: Caller, projectColumn: string, actionColumn: string): Expression<SqlBool> {
  if (caller.access === 'super') return sql<SqlBool>`1 = 1`;
  return eb.or([inVisibleProject(eb, caller, projectColumn), assignedAction(eb, caller, actionColumn)]);
}

/** Condition on a `sessions` row that the caller may see and revoke it: their own; a super admin's, anyone's. */
export function sessionVisible(eb: AnyEb, caller: Caller): Expression<SqlBool> {
  return caller.access === 'super' ? sql<SqlBool>`1 = 1` : eb('sessions.admin_id', '=', caller.id);
}
