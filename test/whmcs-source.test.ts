import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/app-config.js';
import { createAdmin, createRole } from '../src/auth/admins.js';
import { nowSeconds } from '../src/engine/time.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { createTicketSource } from '../src/tickets/factory.js';
import type { Database } from '../src/db/types.js';
import type { TicketSource } from '../src/tickets/source.js';
import { credentials, USERS, type UserName } from './helpers/app.js';
import { migratedDatabase, testDatabases, type TestDatabase } from './helpers/databases.js';

/** WHMCS 8's own layout of the two tables TeamPro reads (columns, types, defaults, keys). */
const WHMCS_SCHEMA = [
  `CREATE TABLE tbltickets (
    id int(10) NOT NULL AUTO_INCREMENT, tid varchar(128) NOT NULL, did int(10) NOT NULL, userid int(10) NOT NULL,
    contactid int(10) NOT NULL, requestor_id int(10) unsigned NOT NULL DEFAULT 0, name text NOT NULL, email text NOT NULL,
    cc text NOT NULL, c text NOT NULL, ipaddress varchar(64) DEFAULT NULL, date datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
    title text NOT NULL, message text NOT NULL, status varchar(64) NOT NULL, urgency text NOT NULL, admin text NOT NULL,
    attachment text NOT NULL, attachments_removed tinyint(1) NOT NULL DEFAULT 0, lastreply datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
    flag int(1) NOT NULL, clientunread int(1) NOT NULL, adminunread text NOT NULL, replyingadmin int(1) NOT NULL,
    replyingtime datetime NOT NULL DEFAULT '0000-00-00 00:00:00', service text NOT NULL, merged_ticket_id int(11) NOT NULL DEFAULT 0,
    editor enum('plain','markdown') NOT NULL DEFAULT 'plain',
    PRIMARY KEY (id), KEY tid_c (tid, c(64)), KEY userid (userid), KEY status (status(10)), KEY date (date), KEY did (did)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8`,
  `CREATE TABLE tblticketdepartments (
    id int(10) NOT NULL AUTO_INCREMENT, name text NOT NULL, description text NOT NULL, email text NOT NULL,
    clientsonly text NOT NULL, piperepliesonly text NOT NULL, noautoresponder text NOT NULL, hidden text NOT NULL,
    \`order\` int(1) NOT NULL, host text NOT NULL, port text NOT NULL, login text NOT NULL, password text NOT NULL,
    mail_auth_config text, feedback_request tinyint(1) NOT NULL DEFAULT 0, prevent_client_closure tinyint(1) NOT NULL DEFAULT 0,
    PRIMARY KEY (id), KEY name (name(64))
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8`,
];

/** Times are written in the WHMCS server's zone, +02:00 here, as WHMCS (PHP date()) does. */
const WHMCS_DATA = [
  `INSERT INTO tblticketdepartments (id, name, description, email, clientsonly, piperepliesonly, noautoresponder, hidden, \`order\`, host, port, login, password)
   VALUES (1, 'Support', '', 'support@example.com', '', '', '', '', 1, '', '', '', ''), (2, 'Billing', '', 'billing@example.com', '', '', '', '', 2, '', '', '', '')`,
  `INSERT INTO tbltickets (id, tid, did, userid, contactid, name, email, cc, c, date, title, message, status, urgency, admin, attachment, lastreply, flag, clientunread, adminunread, replyingadmin, service)
   VALUES
   (2038, '718293', 1, 7, 0, 'Ada Client', 'ada@example.com', '', 'c1', '2026-11-20 11:30:00', 'Website down', 'The site returns 502', 'Open', 'High', '', '', '2026-11-21 12:00:00', 0, 1, '', 0, 'S12'),
   (2039, '551234', 2, 7, 3, 'Ada Client', 'ada@example.com', '', 'c2', '2026-11-22 10:00:00', 'Invoice question', 'Why two invoices?', 'Answered', 'Low', 'root', '', '0000-00-00 00:00:00', 0, 0, '', 0, ''),
   (2040, '998877', 9, 9, 0, 'Bo Other', 'bo@example.com', '', 'c3', '2026-11-25 02:00:00', 'SSL renewal', 'Expires soon', 'Open', 'Medium', '', '', '2026-11-25 03:00:00', 2, 0, '', 0, 'S40')`,
];

describe.skipIf(!process.env.TEST_MYSQL_URL)('WHMCS database as the ticket source', () => {
  const serverUrl = process.env.TEST_MYSQL_URL ?? '';
  const whmcsName = `whmcs_test_${randomBytes(6).toString('hex')}`;
  let whmcsUrl = '';
  let whmcs: Connection;

  beforeAll(async () => {
    const url = new URL(serverUrl);
    url.pathname = `/${whmcsName}`;
    whmcsUrl = url.toString();
    const admin = await createConnection(serverUrl);
    await admin.query(`CREATE DATABASE ${whmcsName} CHARACTER SET utf8`);
    await admin.end();
    whmcs = await createConnection({ uri: whmcsUrl, multipleStatements: false });
    for (const statement of [...WHMCS_SCHEMA, ...WHMCS_DATA]) await whmcs.query(statement);
  });
  afterAll(async () => {
    await whmcs?.query(`DROP DATABASE IF EXISTS ${whmcsName}`);
    await whmcs?.end();
  });

  const checksum = async () => JSON.stringify((await whmcs.query('CHECKSUM TABLE tbltickets, tblticketdepartments'))[0]);

  it('refuses a WHMCS_DATABASE_URL that is not MySQL/MariaDB', () => {
    const config = loadConfig({ WHMCS_DATABASE_URL: 'postgres://localhost/whmcs' });
    expect(() => createTicketSource(config, undefined as unknown as Kysely<Database>)).toThrow(/mysql:\/\/ or mariadb:\/\//);
  });

  describe.each(testDatabases())('with TeamPro on $name', (kind) => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let tickets: TicketSource;
    let dataDir: string;
    let before: string;

    beforeAll(async () => {
      before = await checksum();
      database = await migratedDatabase(kind);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-whmcs-'));
      const config = loadConfig({ TEAMPRO_DATA_DIR: dataDir, WHMCS_DATABASE_URL: `${whmcsUrl}?timezone=%2B02:00` });
      const now = nowSeconds();
      const roles = { super: await createRole(database.db, 'Super', 'super'), admin: await createRole(database.db, 'Admin', 'admin') };
      for (const name of ['root', 'alice'] as const) {
        await createAdmin(database.db, { username: name, password: USERS[name].password, roleId: roles[USERS[name].access] }, now);
      }
      tickets = createTicketSource(config, database.db);
      app = await buildApp({ config, database, blobs: new LocalBlobStore(config.blobDir), tickets, logger: false });
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await tickets?.close();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const api = async (chain: string, params?: Record<string, unknown>, method = 'GET', as: UserName = 'root') => {
      const inBody = method === 'POST' || method === 'PUT';
      const response = await app.inject({
        method: method as 'GET',
        url: `/api.php/v1/${chain}/json`,
        query: { ...credentials(as), ...(params && !inBody && { params: JSON.stringify(params) }) },
        ...(inBody && { payload: { params: params ?? {} } }),
      });
      return { status: response.statusCode, body: response.json(), text: response.body };
    };
    const ok = async (chain: string, params?: Record<string, unknown>, method = 'GET') => {
      const res = await api(chain, params, method);
      expect(res.status, res.text).toBe(200);
      return res.body.response;
    };

    it('reads a ticket in place: WHMCS columns, department name, times from the WHMCS zone, zero dates as null', async () => {
      expect(tickets.kind).toBe('whmcs');
      expect((await ok('whmcstickets/2038')).whmcsticket).toEqual({
        id: 2038, tid: '718293', did: 1, userid: 7, contactid: 0, name: 'Ada Client', email: 'ada@example.com',
        date: '2026-11-20T09:30:00Z', title: 'Website down', message: 'The site returns 502', status: 'Open', urgency: 'High',
        admin: '', lastreply: '2026-11-21T10:00:00Z', flag: 0, service: 'S12', deptname: 'Support',
      });
      expect((await ok('whmcstickets/2039')).whmcsticket).toMatchObject({ lastreply: null, deptname: 'Billing', admin: 'root' });
      expect((await ok('whmcstickets/2040')).whmcsticket).toMatchObject({ deptname: null, flag: 2 });
      expect((await api('whmcstickets/1')).status).toBe(404);
    });

    it('lists tickets with filters, search, sort, paging and modified_since', async () => {
      const all = await ok('whmcstickets', { sort: '-date', limit: 2 });
      expect(all.data).toMatchObject({ total: 3, pages: 2, limit: 2 });
      expect(all.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2040, 2039]);
      const open = await ok('whmcstickets', { status: 'Open', sort: 'title' });
      expect(open.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2040, 2038]);
      expect((await ok('whmcstickets', { q: 'invoice' })).whmcstickets.map((x: { id: number }) => x.id)).toEqual([2039]);
      expect((await ok('whmcstickets', { userid: 7, did: 2 })).data.total).toBe(1);
      const recent = await ok('whmcstickets', { modified_since: '2026-11-21T10:00:00Z' });
      expect(recent.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2038, 2040]);
      expect((await ok('whmcstickets', { modified_since: '2026-11-21T10:00:01Z' })).data.total).toBe(1);
    });

    it('links WHMCS tickets and lists a project\'s tickets by paging over the links', async () => {
      const project = (await ok('projects', { name: 'WHMCS linked' }, 'POST')).project;
      expect((await api('ticketxrefs', { ticket_id: 1, project_id: project.project_id }, 'POST')).status).toBe(404);
      const links = [];
      for (const ticket_id of [2040, 2038, 2039]) links.push((await ok('ticketxrefs', { ticket_id, project_id: project.project_id }, 'POST')).ticketxref);
      const chain = `projects/${project.project_id}/whmcstickets`;
      const page = await ok(chain, { limit: 2 });
      expect(page.data).toEqual({ total: 3, page: 1, pages: 2, limit: 2, offset: 0, filters: { project_id: project.project_id } });
      expect(page.project.project_id).toBe(project.project_id);
      expect(page.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2040, 2038]);
      expect(page.whmcstickets[1]).toMatchObject({ title: 'Website down', deptname: 'Support', ticketxref: links[1] });
      const byId = await ok(chain, { sort: '-id' });
      expect(byId.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2040, 2039, 2038]);
      for (const params of [{ status: 'Open' }, { q: 'site' }, { sort: 'date' }, { modified_since: '2026-01-01' }]) {
        const refused = await api(chain, params);
        expect(refused.status, JSON.stringify(params)).toBe(400);
        expect(refused.body.request.message).toMatch(/WHMCS database/);
      }
    });

    it('never writes to the WHMCS database, and its connections refuse writes', async () => {
      expect(await checksum()).toBe(before);
      const source = tickets as unknown as { db: Kysely<any> };
      await expect(sql`UPDATE tbltickets SET status = 'Closed' WHERE id = 2038`.execute(source.db)).rejects.toThrow(/read only|READ ONLY/i);
      expect(await checksum()).toBe(before);
    });
  });
});
