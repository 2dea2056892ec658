import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectFor } from '../dialect.js';

type Table = CreateTableBuilder<string, never>;
/** Column kinds: portable on SQLite, PostgreSQL and MySQL/MariaDB. Times are unix seconds. */
type Kind = 'id' | 'key' | 'str' | 'str16' | 'str64' | 'str128' | 'int' | 'big' | 'time' | 'text' | 'real' | 'intnull';

function addColumn(table: Table, name: string, kind: Kind, dialect: string): Table {
  switch (kind) {
    case 'id':
      return dialect === 'postgres'
        ? table.addColumn(name, 'serial', (c) => c.primaryKey())
        : table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());
    case 'key':
      return table.addColumn(name, 'varchar(64)', (c) => c.primaryKey());
    case 'str':
      return table.addColumn(name, 'varchar(255)', (c) => c.notNull().defaultTo(''));
    case 'str16':
    case 'str64':
    case 'str128':
      return table.addColumn(name, `varchar(${Number(kind.slice(3))})`, (c) => c.notNull().defaultTo(''));
    case 'int':
      return table.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
    case 'intnull':
      return table.addColumn(name, 'integer');
    case 'big':
      return table.addColumn(name, 'bigint', (c) => c.notNull().defaultTo(0));
    case 'time':
      return table.addColumn(name, 'bigint');
    case 'text':
      return table.addColumn(name, 'text', (c) => c.notNull());
    case 'real':
      return table.addColumn(name, 'double precision');
  }
}

async function createTable(db: Kysely<any>, name: string, columns: Record<string, Kind>, indexes: string[][] = []) {
  const dialect = dialectFor(db);
  let table = db.schema.createTable(name) as Table;
  for (const [column, kind] of Object.entries(columns)) table = addColumn(table, column, kind, dialect);
  if (dialect === 'mysql') table = table.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  await table.execute();
  for (const cols of indexes) {
    const unique = cols[0] === 'UNIQUE';
    const names = unique ? cols.slice(1) : cols;
    let builder = db.schema.createIndex(`${name}_${names.join('_')}_idx`).on(name).columns(names);
    if (unique) builder = builder.unique();
    await builder.execute();
  }
}

const stamps = { created: 'big', modified: 'big' } as const;

export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'roles', { id: 'id', name: 'str64', access: 'str16' }, [['UNIQUE', 'name']]);
  await createTable(
    db,
    'admins',
    { id: 'id', username: 'str64', password_hash: 'str', role_id: 'intnull', disabled: 'int', email: 'str', ...stamps },
    [['UNIQUE', 'username']],
  );
  await createTable(db, 'ip_bans', { ip: 'key', failures: 'int', window_start: 'big', banned_at: 'time', banned_until: 'time' });
  await createTable(db, 'settings', { name: 'key', value: 'text' });

  await createTable(
    db,
    'projects',
    {
      project_id: 'id', name: 'str', type: 'str64', status: 'str64', function: 'str16',
      date_start: 'time', date_finish: 'time',
      client_userid: 'int', client_contactid: 'int', client_hostingid: 'int',
      owner_adminid: 'int', manager_adminid: 'int', assigned_adminid: 'int',
      admin_access: 'str16', client_access: 'str16', billable: 'int', hourly_rate: 'real',
      details: 'text', notes: 'text', ...stamps, activity: 'big',
      complete: 'int', actions_count: 'int', elapsed: 'big',
    },
    [['status'], ['manager_adminid'], ['assigned_adminid'], ['modified'], ['name'], ['client_userid'], ['admin_access']],
  );

  await createTable(
    db,
    'actions',
    {
      action_id: 'id', project_id: 'int', parent_action_id: 'int', level: 'str16', depth: 'int',
      name: 'str', type: 'str64', status: 'str64', complete: 'int', priority: 'int',
      date_start: 'time', date_finish: 'time', duration: 'time',
      manager_adminid: 'int', assigned_adminid: 'int', client_access: 'str16', billable: 'int',
      details: 'text', action_notes: 'text', sort_order: 'int', ...stamps, elapsed: 'big',
    },
    [['project_id', 'action_id'], ['parent_action_id'], ['assigned_adminid'], ['status'], ['modified']],
  );

  await createTable(
    db,
    'topics',
    {
      topic_id: 'id', thread_id: 'int', project_id: 'int', action_id: 'int', title: 'str', body: 'text',
      status: 'str16', client_access: 'str16', author_adminid: 'int', ...stamps,
    },
    [['project_id', 'topic_id'], ['thread_id'], ['action_id'], ['modified']],
  );

  await createTable(
    db,
    'files',
    {
      file_id: 'id', thread_id: 'int', project_id: 'int', action_id: 'int', label: 'str', name: 'str',
      detail: 'text', version: 'int', mime: 'str128', size: 'big', sha256: 'str64', blob_key: 'str128',
      status: 'str64', client_access: 'str16', uploader_adminid: 'int', ...stamps,
    },
    [['project_id', 'file_id'], ['thread_id'], ['action_id'], ['blob_key'], ['modified']],
  );

  await createTable(
    db,
    'tickets',
    {
      id: 'intnull', tid: 'str128', did: 'int', userid: 'int', contactid: 'int', name: 'str', email: 'str',
      date: 'time', title: 'str', message: 'text', status: 'str64', urgency: 'str64', admin: 'str',
      lastreply: 'time', flag: 'int', service: 'str',
    },
    [['UNIQUE', 'id'], ['status'], ['userid'], ['did'], ['date']],
  );
  await createTable(db, 'ticket_departments', { id: 'intnull', name: 'str' }, [['UNIQUE', 'id']]);

  await createTable(
    db,
    'ticketxrefs',
    { xref_id: 'id', ticket_id: 'int', project_id: 'int', action_id: 'int', created: 'big', created_by: 'int' },
    [['UNIQUE', 'ticket_id', 'project_id', 'action_id'], ['project_id', 'xref_id'], ['action_id']],
  );

  await createTable(
    db,
    'timelogs',
    {
      timelog_id: 'id', project_id: 'int', action_id: 'int', ticket_id: 'int', adminid: 'int',
      type: 'str64', note: 'text', date_start: 'big', date_stop: 'time', duration: 'time',
      status: 'str16', billable: 'int', invoice_id: 'int', ...stamps,
    },
    [['project_id', 'timelog_id'], ['action_id'], ['adminid'], ['ticket_id'], ['status'], ['date_start'], ['modified']],
  );
}

const TABLES = ['timelogs', 'ticketxrefs', 'ticket_departments', 'tickets', 'files', 'topics', 'actions', 'projects', 'settings', 'ip_bans', 'admins', 'roles'];

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
}
