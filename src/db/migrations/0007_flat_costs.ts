import { sql, type Kysely } from 'kysely';
import { dialectFor } from '../dialect.js';

/**
 * Writes whose cost does not grow with the project. Two kept tables replace the scans a write or a
 * list did: `action_children` (per parent, 0 = a project's top level: how many children and the sum
 * of their completion, from which a parent's mean is rolled up) and `timelog_totals` (per project
 * and action — action_id -1 is the whole project — the counts and sums that findTimelogs reports).
 * Each is filled here from the rows as they are; the services keep them from then on.
 *
 * Indexes: a parent's last sort_order, earliest start and latest finish are each one seek
 * (project, parent, column), replacing the plain (project, parent) index of 0002; time logs get the
 * filters a project's list is narrowed by most (its action, its admin, a date range).
 */
const SIBLING_INDEXES = ['sort_order', 'date_start', 'date_finish'];
const TIMELOG_INDEXES = ['action_id', 'adminid', 'date_start'];
const TOTALS = ['logs', 'duration', 'billable', 'billed', 'unbilled'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of SIBLING_INDEXES) {
    await db.schema.createIndex(`actions_siblings_${column}_idx`).on('actions').columns(['project_id', 'parent_action_id', column]).execute();
  }
  await dropIndex(db, 'actions_project_id_parent_action_id_idx', 'actions');
  for (const column of TIMELOG_INDEXES) {
    await db.schema.createIndex(`timelogs_project_${column}_idx`).on('timelogs').columns(['project_id', column]).execute();
  }
  await createKeptTables(db);
  await backfill(db);
}

async function createKeptTables(db: Kysely<any>): Promise<void> {
  const mysql = dialectFor(db) === 'mysql';
  const end = (table: any) => (mysql ? table.modifyEnd(sql`ENGINE=InnoDB`) : table);
  await end(
    db.schema
      .createTable('action_children')
      .addColumn('project_id', 'integer', (c) => c.notNull())
      .addColumn('parent_action_id', 'integer', (c) => c.notNull())
      .addColumn('children', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('complete_sum', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('action_children_pk', ['project_id', 'parent_action_id']),
  ).execute();
  let totals = db.schema
    .createTable('timelog_totals')
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('action_id', 'integer', (c) => c.notNull());
  for (const column of TOTALS) totals = totals.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
  // Whole cents can pass 2^63 at the largest rate and duration, as the SUM they replace could.
  totals = totals
    .addColumn('amount_cents', sql`decimal(38,0)`, (c) => c.notNull().defaultTo(0))
    .addColumn('priced_rate', 'double precision')
    .addPrimaryKeyConstraint('timelog_totals_pk', ['project_id', 'action_id']);
  await end(totals).execute();
}

async function backfill(db: Kysely<any>): Promise<void> {
  await sql`insert into action_children (project_id, parent_action_id, children, complete_sum)
    select project_id, parent_action_id, count(*), sum(complete) from actions group by project_id, parent_action_id`.execute(db);
  await sql`update projects set actions_count = (select count(*) from actions where actions.project_id = projects.project_id)`.execute(db);
  const stored = await db.selectFrom('settings').select('value').where('name', '=', 'hourly_rate').executeTakeFirst();
  const rate = stored ? Number(JSON.parse(stored.value)) : 0;
  // The same amount as timelogs/repository's amountCentsSql at the configured default rate.
  const effective = sql`coalesce(projects.hourly_rate, ${rate})`;
  const cents = sql`round(round(cast(${effective} as decimal(24,6)) * 100) * timelogs.duration / 3600)`;
  const seconds = sql`coalesce(timelogs.duration, 0)`;
  const sums = sql`count(*), sum(${seconds}),
    sum(case when timelogs.billable = 1 then ${seconds} else 0 end),
    sum(case when timelogs.invoice_id > 0 then ${seconds} else 0 end),
    sum(case when timelogs.billable = 1 and timelogs.invoice_id = 0 then ${seconds} else 0 end),
    coalesce(sum(case when timelogs.billable = 1 then coalesce(${cents}, 0) else 0 end), 0), max(${effective})`;
  const columns = sql`(project_id, action_id, logs, duration, billable, billed, unbilled, amount_cents, priced_rate)`;
  const from = sql`from timelogs inner join projects on projects.project_id = timelogs.project_id`;
  await sql`insert into timelog_totals ${columns} select timelogs.project_id, timelogs.action_id, ${sums} ${from} group by timelogs.project_id, timelogs.action_id`.execute(db);
  await sql`insert into timelog_totals ${columns} select timelogs.project_id, -1, ${sums} ${from} group by timelogs.project_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('timelog_totals').execute();
  await db.schema.dropTable('action_children').execute();
  for (const column of TIMELOG_INDEXES) await dropIndex(db, `timelogs_project_${column}_idx`, 'timelogs');
  await db.schema.createIndex('actions_project_id_parent_action_id_idx').on('actions').columns(['project_id', 'parent_action_id']).execute();
  for (const column of SIBLING_INDEXES) await dropIndex(db, `actions_siblings_${column}_idx`, 'actions');
}

/** MySQL names the table of an index to drop; the others refuse it. */
function dropIndex(db: Kysely<any>, name: string, table: string) {
  const drop = db.schema.dropIndex(name);
  return (dialectFor(db) === 'mysql' ? drop.on(table) : drop).execute();
}
