import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAdmin,
  createRole,
  ensureInitialAdmin,
  findAdminForLogin,
  findRole,
  listAdmins,
  listRoles,
  setRoleAccess,
  updateAdmin,
} from '../src/auth/admins.js';
import { DUMMY_HASH, hashPasswordMd5, md5, randomPassword, verifyPasswordMd5 } from '../src/auth/password.js';
import { migratedDatabase, testDatabases, type TestDatabase } from './helpers/databases.js';

/*
 * The admin accounts and their passwords, called directly: the CLI's admin and role commands and the
 * first start run these from a separate process, where no in-process suite sees them.
 */

const NOW = 1_800_000_000;

describe('password hashes', () => {
  it('md5 is the lowercase hex MD5 of the UTF-8 text', () => {
    expect(md5('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5('é')).toBe('66ddcd97cfdeabb2f6fb8a999b4bc76f');
    expect(md5('password')).toBe('5f4dcc3b5aa765d61d8327deb882cf99');
  });

  it('stores scrypt with its parameters and a fresh salt, and verifies the MD5 in either case', async () => {
    const secret = md5('correct horse');
    const stored = await hashPasswordMd5(secret);
    const [scheme, n, r, p, salt, key] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(await hashPasswordMd5(secret)).not.toBe(stored);
    expect(await verifyPasswordMd5(secret, stored)).toBe(true);
    expect(await verifyPasswordMd5(secret.toUpperCase(), stored)).toBe(true);
    expect(await verifyPasswordMd5(md5('wrong horse'), stored)).toBe(false);
    // Stored in capitals, it is the same password: the MD5 is lowercased before hashing.
    expect(await verifyPasswordMd5(secret, await hashPasswordMd5(secret.toUpperCase()))).toBe(true);
  });

  it('never verifies against a hash it cannot read, nor against the dummy hash', async () => {
    const secret = md5('x');
    const stored = await hashPasswordMd5(secret);
    const [, n, r, p, salt, key] = stored.split('$');
    expect(await verifyPasswordMd5(secret, ['bcrypt', n, r, p, salt, key].join('$'))).toBe(false);
    expect(await verifyPasswordMd5(secret, ['scrypt', n, r, p, '', key].join('$'))).toBe(false);
    expect(await verifyPasswordMd5(secret, ['scrypt', n, r, p, salt].join('$'))).toBe(false);
    expect(await verifyPasswordMd5(secret, ['scrypt', n, r, p, salt, Buffer.alloc(16).toString('base64')].join('$'))).toBe(false);
    expect(await verifyPasswordMd5(secret, '')).toBe(false);
    expect(await verifyPasswordMd5(md5(''), DUMMY_HASH)).toBe(false);
    // The dummy hash costs what a real one does: same scheme and parameters.
    expect(DUMMY_HASH.split('$').slice(0, 4)).toEqual(stored.split('$').slice(0, 4));
  });

  it('makes random passwords of 16 URL-safe characters, different each time', () => {
    const a = randomPassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(randomPassword()).not.toBe(a);
  });
});

describe.each(testDatabases())('admin accounts on $name', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(() => database.drop());

  it('makes the first admin once, with a generated password, and the two standard roles', async () => {
    const first = await ensureInitialAdmin(database.db, { username: null, password: null }, NOW);
    expect(first?.username).toBe('admin');
    expect(first?.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await ensureInitialAdmin(database.db, { username: 'other', password: 'x' }, NOW)).toBeNull();
    const login = await findAdminForLogin(database.db, 'admin');
    expect(login).toMatchObject({ username: 'admin', disabled: 0, access: 'super' });
    expect(await verifyPasswordMd5(md5(first!.password!), login!.password_hash)).toBe(true);
    expect((await listRoles(database.db)).map((role) => [role.name, role.access, role.admins])).toEqual([
      ['Super Admin', 'super', 1],
      ['Admin', 'admin', 0],
    ]);
    expect(await listAdmins(database.db)).toEqual([{ id: login!.id, username: 'admin', name: '', email: '', disabled: 0, role: 'Super Admin', access: 'super' }]);
  });

  it('keeps the roles that exist when making the first admin, with the password given', async () => {
    const other = await migratedDatabase(kind);
    try {
      const admin = await createRole(other.db, 'Admin', 'none');
      expect(await ensureInitialAdmin(other.db, { username: 'boss', password: 'given-secret' }, NOW)).toEqual({ username: 'boss', password: null });
      const roles = await listRoles(other.db);
      expect(roles.map((role) => [role.name, role.access, role.admins])).toEqual([
        ['Admin', 'none', 0],
        ['Super Admin', 'super', 1],
      ]);
      expect(roles[0]!.id).toBe(admin);
      const login = await findAdminForLogin(other.db, 'boss');
      expect(await verifyPasswordMd5(md5('given-secret'), login!.password_hash)).toBe(true);
    } finally {
      await other.drop();
    }
  });

  it('reuses a Super Admin role that exists', async () => {
    const other = await migratedDatabase(kind);
    try {
      const role = await createRole(other.db, 'Super Admin', 'super');
      await ensureInitialAdmin(other.db, { username: null, password: 'p' }, NOW);
      expect((await listRoles(other.db)).map((r) => [r.id === role ? 'same' : r.name, r.admins])).toEqual([
        ['same', 1],
        ['Admin', 0],
      ]);
    } finally {
      await other.drop();
    }
  });

  it('changes a password, the disabled flag, the role and the name, each on its own', async () => {
    const support = await createRole(database.db, 'Support', 'none');
    await createAdmin(database.db, { username: 'dave', password: 'dave-secret', roleId: support, email: 'dave@example.com', name: 'Dave' }, NOW);
    const before = (await findAdminForLogin(database.db, 'dave'))!;
    expect(before.access).toBe('none');
    expect((await listAdmins(database.db)).find((a) => a.username === 'dave')).toMatchObject({ name: 'Dave', email: 'dave@example.com' });

    expect(await updateAdmin(database.db, 'dave', { name: 'David' }, NOW + 1)).toBe(true);
    const renamed = (await listAdmins(database.db)).find((a) => a.username === 'dave')!;
    expect(renamed).toMatchObject({ name: 'David', email: 'dave@example.com', disabled: 0, role: 'Support' });
    expect((await findAdminForLogin(database.db, 'dave'))!.password_hash).toBe(before.password_hash);

    expect(await updateAdmin(database.db, 'dave', { disabled: true }, NOW + 2)).toBe(true);
    expect((await findAdminForLogin(database.db, 'dave'))!.disabled).toBe(1);
    // A change of anything else leaves a disabled admin disabled.
    expect(await updateAdmin(database.db, 'dave', { name: 'David' }, NOW + 2)).toBe(true);
    expect((await findAdminForLogin(database.db, 'dave'))!.disabled).toBe(1);
    expect(await updateAdmin(database.db, 'dave', { disabled: false }, NOW + 3)).toBe(true);
    expect((await findAdminForLogin(database.db, 'dave'))!.disabled).toBe(0);

    expect(await updateAdmin(database.db, 'dave', { roleId: null }, NOW + 4)).toBe(true);
    expect((await findAdminForLogin(database.db, 'dave'))!.access).toBeNull();

    expect(await updateAdmin(database.db, 'dave', { password: 'new-secret' }, NOW + 5)).toBe(true);
    const after = (await findAdminForLogin(database.db, 'dave'))!;
    expect(await verifyPasswordMd5(md5('new-secret'), after.password_hash)).toBe(true);
    expect(after).toMatchObject({ disabled: 0, access: null });
    const row = await database.db.selectFrom('admins').select(['modified', 'created', 'name']).where('username', '=', 'dave').executeTakeFirstOrThrow();
    expect(row).toEqual({ modified: NOW + 5, created: NOW, name: 'David' });

    expect(await updateAdmin(database.db, 'nobody-such', { name: 'x' }, NOW)).toBe(false);
  });

  it('finds roles by name, changes what one grants, and says when there is no such role', async () => {
    expect(await findRole(database.db, 'no such role')).toBeUndefined();
    expect(await findRole(database.db, 'Admin')).toMatchObject({ name: 'Admin', access: 'admin' });
    expect(await setRoleAccess(database.db, 'Admin', 'none')).toBe(true);
    expect((await findRole(database.db, 'Admin'))?.access).toBe('none');
    expect(await setRoleAccess(database.db, 'Admin', 'admin')).toBe(true);
    expect(await setRoleAccess(database.db, 'no such role', 'admin')).toBe(false);
  });

  it('lists admins in the order they were made, with their role', async () => {
    const names = (await listAdmins(database.db)).map((a) => [a.username, a.role]);
    expect(names[0]).toEqual(['admin', 'Super Admin']);
    expect(names).toContainEqual(['dave', null]);
    const ids = (await listAdmins(database.db)).map((a) => a.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });
});
