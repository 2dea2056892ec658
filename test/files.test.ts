import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { createTestApp, credentials, type TestApp, type UserName } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

type Params = Record<string, unknown>;

/** A multipart/form-data body built by hand: fields first, then the file part (as browsers send it). */
function multipartBody(fields: Record<string, string>, file?: { filename: string; data: Buffer; field?: string }) {
  const boundary = `----teampro${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    // WHATWG form encoding: " CR LF in a file name travel as %22 %0D %0A; other text as UTF-8.
    const encoded = file.filename.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${encoded}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    chunks.push(file.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe.each(testDatabases())('files on $name', (kind) => {
  let t: TestApp;
  let store: LocalBlobStore;
  beforeAll(async () => {
    t = await createTestApp(kind, { TEAMPRO_MAX_BASE64_MB: '1' });
    store = new LocalBlobStore(t.config.blobDir);
  });
  afterAll(() => t.close());

  const project = async (params: Params = {}) => (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Files', ...params } })).project;
  const action = async (projectId: number, params: Params = {}) =>
    (await t.ok({ chain: 'actions', method: 'POST', params: { project_id: projectId, name: 'Task', ...params } })).action;
  const base64File = (params: Params, data: Buffer, as: UserName = 'root') =>
    t.api({ chain: 'files', method: 'POST', params: { name: 'data.bin', ...params, content: data.toString('base64') }, as });
  const createB64 = async (params: Params, data: Buffer = Buffer.from('contents'), as: UserName = 'root') => {
    const res = await base64File(params, data, as);
    expect(res.status, res.text).toBe(200);
    return res.body.response.file;
  };
  async function upload(params: Params, file: { filename: string; data: Buffer; field?: string } | undefined, as: UserName = 'root') {
    const { payload, contentType } = multipartBody({ params: JSON.stringify(params) }, file);
    const res = await t.app.inject({ method: 'POST', url: '/api.php/v1/files/json', query: credentials(as), payload, headers: { 'content-type': contentType } });
    return { status: res.statusCode, body: res.json() };
  }
  const download = (id: number, headers: Record<string, string> = {}, as: UserName = 'root', method: 'GET' | 'HEAD' = 'GET') =>
    t.app.inject({ method, url: `/api.php/v1/files/${id}/download`, query: credentials(as), headers });
  const blobKeys = async () => {
    const keys: string[] = [];
    for await (const blob of store.list()) keys.push(blob.key);
    return keys.sort();
  };
  const rowKeys = async () => (await t.database.db.selectFrom('files').select('blob_key').execute()).map((r) => r.blob_key).sort();

  it('uploads by multipart and reads back every byte; record fields are computed', async () => {
    const p = await project();
    const data = Buffer.concat([Buffer.from([66, 0, 0, 1, 0, 255, 0]), randomBytes(70_000), Buffer.from([0])]);
    const res = await upload({ project_id: p.project_id, detail: 'first cut' }, { filename: 'blob.dat', data });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const file = res.body.response.file;
    expect(file).toMatchObject({
      thread_id: file.file_id, project_id: p.project_id, action_id: 0, label: 'blob.dat', name: 'blob.dat', detail: 'first cut',
      version: 1, mime: 'application/octet-stream', size: data.length, sha256: sha256(data), status: 'Active', client_access: 'hidden',
      uploader_adminid: t.ids.root,
    });
    expect(file.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const got = await download(file.file_id);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(data)).toBe(true);
    expect(got.headers['content-length']).toBe(String(data.length));
    expect(await t.ok({ chain: `files/${file.file_id}` })).toEqual({ file });
  });

  it('stores an empty file and serves it back empty', async () => {
    const p = await project();
    const file = (await upload({ project_id: p.project_id }, { filename: 'empty.txt', data: Buffer.alloc(0) })).body.response.file;
    expect(file).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)), mime: 'text/plain' });
    const got = await download(file.file_id);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.length).toBe(0);
    expect(got.headers['content-length']).toBe('0');
    expect((await base64File({ project_id: p.project_id, name: 'zero.bin' }, Buffer.alloc(0))).body.response.file.size).toBe(0);
  });

  it('uploads base64 content, refuses it past the cap with 413, and refuses bad base64 with 400', async () => {
    const p = await project();
    const data = Buffer.from([0, 1, 2, 253, 254, 255, 0]);
    const file = await createB64({ project_id: p.project_id, name: 'bytes.bin' }, data);
    expect((await download(file.file_id)).rawPayload.equals(data)).toBe(true);
    const wrapped = data.toString('base64').replace(/(.{4})/g, '$1\n');
    const again = await t.api({ chain: 'files', method: 'POST', params: { project_id: p.project_id, name: 'w.bin', content: wrapped } });
    expect(again.body.response.file.sha256).toBe(sha256(data));
    const before = await rowKeys();
    const big = await base64File({ project_id: p.project_id }, Buffer.alloc(1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(big.body.request.message).toMatch(/1 MiB/);
    const exact = await base64File({ project_id: p.project_id }, Buffer.alloc(1024 * 1024, 7));
    expect(exact.status).toBe(200);
    const bad = await t.api({ chain: 'files', method: 'POST', params: { project_id: p.project_id, name: 'x', content: 'no*base64!' } });
    expect(bad.status).toBe(400);
    expect(bad.body.response.errors[0].param).toBe('content');
    expect((await rowKeys()).length).toBe(before.length + 1);
    expect(await blobKeys()).toEqual(await rowKeys());
  });

  it('refuses uploads without a file, with both kinds, without a name or project, or with a wrong field', async () => {
    const p = await project();
    const cases: [Promise<{ status: number; body: any }>, number, RegExp][] = [
      [t.api({ chain: 'files', method: 'POST', params: { project_id: p.project_id, name: 'x' } }), 400, /No file/],
      [t.api({ chain: 'files', method: 'POST', params: { project_id: p.project_id, content: 'AAAA' } }), 400, /name/],
      [t.api({ chain: 'files', method: 'POST', params: { name: 'x', content: 'AAAA' } }), 400, /project_id/],
      [t.api({ chain: 'files', method: 'POST', params: { project_id: 99999, name: 'x', content: 'AAAA' } }), 404, /Project 99999/],
      [t.api({ chain: 'files', method: 'POST', params: { project_id: p.project_id, name: '..', content: 'AAAA' } }), 400, /name/],
      [t.api({ chain: 'files', method: 'POST', params: { project_id: p.project_id, name: 'x', content: 'AAAA', status: 'Nope' } }), 400, /status/],
      [t.api({ chain: 'files', method: 'POST', params: { project_id: p.project_id, name: 'x', content: 'AAAA', size: 5 } }), 400, /size/],
      [upload({ project_id: p.project_id, content: 'AAAA' }, { filename: 'a', data: Buffer.from('a') }), 400, /not both/],
      [upload({ project_id: p.project_id }, { filename: 'a', data: Buffer.from('a'), field: 'upload' }), 400, /"file" field/],
    ];
    for (const [call, status, message] of cases) {
      const res = await call;
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.request.message).toMatch(message);
    }
    expect(await blobKeys()).toEqual(await rowKeys());
  });

  it('refuses a multipart body that ends inside the file with 400, storing nothing', async () => {
    const p = await project();
    const before = await rowKeys();
    const { payload, contentType } = multipartBody({ params: JSON.stringify({ project_id: p.project_id }) }, { filename: 'cut.bin', data: randomBytes(200_000) });
    const cut = payload.subarray(0, payload.length - 100_000);
    const res = await t.app.inject({ method: 'POST', url: '/api.php/v1/files/json', query: credentials('root'), payload: cut, headers: { 'content-type': contentType } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().request.message).toMatch(/ended before the file was complete/);
    expect(await rowKeys()).toEqual(before);
    expect(await blobKeys()).toEqual(before);
  });

  it('keeps hostile names as data: never a path, always a safe Content-Disposition', async () => {
    const p = await project();
    const names: [string, string][] = [
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\windows\\win.ini', 'win.ini'],
      ['say "hi"; filename=evil.exe', 'say "hi"; filename=evil.exe'],
      ['line\r\nX-Injected: yes.txt', 'line_X-Injected: yes.txt'],
      ['Prüfbericht – 日本語 🎉.pdf', 'Prüfbericht – 日本語 🎉.pdf'],
      ["it's 100%.txt", "it's 100%.txt"],
      ['rtl\u202etxt.exe', 'rtltxt.exe'],
      ['\u2067invoice\u2069\u200f.pdf\ufeff', 'invoice.pdf'],
      ['zero\u200bwidth\u00ad.txt', 'zerowidth.txt'],
      ['line\u2028para\u2029.txt', 'line_para_.txt'],
    ];
    for (const [raw, stored] of names) {
      for (const how of ['multipart', 'base64'] as const) {
        const data = Buffer.from(`contents of ${raw}`);
        const res = how === 'multipart'
          ? await upload({ project_id: p.project_id }, { filename: raw, data })
          : await base64File({ project_id: p.project_id, name: raw }, data);
        expect(res.status, `${how} ${raw}`).toBe(200);
        const file = res.body.response.file;
        expect(file.name, `${how} ${raw}`).toBe(stored);
        const got = await download(file.file_id);
        const disposition = String(got.headers['content-disposition']);
        expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]*"/);
        expect(disposition).not.toMatch(/[\r\n]/);
        expect(decodeDisposition(disposition)).toBe(stored);
        expect(got.rawPayload.equals(data)).toBe(true);
      }
    }
    // Nothing but server-made keys under the blob directory.
    for (const entry of fs.readdirSync(t.config.blobDir, { recursive: true }) as string[]) {
      expect(path.basename(entry)).toMatch(/^([a-f0-9]{2}|[a-f0-9]{32}|tmp)$/);
    }
    expect(fs.existsSync(path.join(t.config.blobDir, '..', 'etc'))).toBe(false);
  });

  it('cleans names on rename, refuses a name of format characters only, and cleans a stored name in Content-Disposition', async () => {
    const p = await project();
    const file = await createB64({ project_id: p.project_id, name: 'plain.txt' });
    const renamed = await t.api({ chain: `files/${file.file_id}`, method: 'PUT', params: { name: 'report\u202Efdp.exe' } });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.response.file.name).toBe('reportfdp.exe');
    const invisible = await t.api({ chain: `files/${file.file_id}`, method: 'PUT', params: { name: '\u202e\u200b' } });
    expect([invisible.status, invisible.body.response.errors?.[0].param]).toEqual([400, 'name']);
    // A name stored before names were cleaned of format characters.
    await t.database.db.updateTable('files').set({ name: 'old\u202etxt.exe' }).where('file_id', '=', file.file_id).execute();
    const disposition = String((await download(file.file_id)).headers['content-disposition']);
    expect(decodeDisposition(disposition)).toBe('oldtxt.exe');
  });

  it('detects the type from the content and the name', async () => {
    const p = await project();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa3d6a70000000049454e44ae426082', 'hex');
    const cases: [string, Buffer, string][] = [
      ['pixel.png', png, 'image/png'],
      ['pixel.html', png, 'image/png'],
      ['notes.txt', Buffer.from('plain words\n'), 'text/plain'],
      ['table.csv', Buffer.from('a,b\n1,2\n'), 'text/csv'],
      ['data.json', Buffer.from('{"a":1}'), 'application/json'],
      ['script.ts', Buffer.from('export const a = 1;\n'), 'text/plain'],
      ['noext', Buffer.from('just text'), 'text/plain'],
      ['random', Buffer.from([0, 159, 146, 150, 0, 1]), 'application/octet-stream'],
      ['fake.txt', Buffer.from([0, 159, 146, 150, 0, 1]), 'application/octet-stream'],
    ];
    for (const [name, data, mime] of cases) {
      const file = await createB64({ project_id: p.project_id, name }, data);
      expect(file.mime, name).toBe(mime);
      expect((await download(file.file_id)).headers['content-type']).toBe(mime);
    }
  });

  it('adds versions to a thread, which keeps its project, action, label and access', async () => {
    const p = await project();
    const a = await action(p.project_id);
    const first = await createB64({ project_id: p.project_id, action_id: a.action_id, label: 'Logo', client_access: 'view', name: 'logo-v1.svg' });
    expect(first).toMatchObject({ thread_id: first.file_id, version: 1, label: 'Logo', client_access: 'view', action_id: a.action_id });
    const second = (await upload({ thread_id: first.file_id }, { filename: 'logo-v2.svg', data: Buffer.from('<svg/>') }, 'alice')).body.response.file;
    expect(second).toMatchObject({ thread_id: first.file_id, version: 2, project_id: p.project_id, action_id: a.action_id, label: 'Logo', client_access: 'view', uploader_adminid: t.ids.alice });
    const third = await createB64({ thread_id: first.file_id, project_id: p.project_id, label: 'Logo', name: 'logo-v3.svg', status: 'Approved' });
    const fresh = await createB64({ thread_id: 0, project_id: p.project_id, name: 'new-thread.txt' });
    expect(fresh).toMatchObject({ thread_id: fresh.file_id, version: 1 });
    expect(third).toMatchObject({ version: 3, status: 'Approved' });
    const refusals: [Params, string][] = [
      [{ thread_id: second.file_id }, 'thread_id'],
      [{ thread_id: first.file_id, project_id: (await project()).project_id }, 'project_id'],
      [{ thread_id: first.file_id, label: 'Other' }, 'label'],
      [{ thread_id: first.file_id, client_access: 'hidden' }, 'client_access'],
      [{ thread_id: first.file_id, action_id: 0 }, 'action_id'],
    ];
    for (const [params, param] of refusals) {
      const res = await base64File(params, Buffer.from('x'));
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.body.response.errors[0].param).toBe(param);
    }
    const versions = await t.ok({ chain: 'files', params: { thread_id: first.file_id, sort: '-version' } });
    expect(versions.files.map((f: { version: number }) => f.version)).toEqual([3, 2, 1]);
  });

  it('numbers versions uniquely when several arrive at once', async () => {
    const p = await project();
    const first = await createB64({ project_id: p.project_id });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => base64File({ thread_id: first.file_id }, Buffer.from(`v${i}`))));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    const versions = results.map((r) => r.body.response.file.version).sort((a, b) => a - b);
    expect(versions).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('lists threads with their file count and latest file', async () => {
    const p = await project();
    const one = await createB64({ project_id: p.project_id, label: 'Spec' });
    await createB64({ thread_id: one.file_id });
    const latest = await createB64({ thread_id: one.file_id, name: 'spec-final.pdf' });
    const two = await createB64({ project_id: p.project_id, label: 'Budget' });
    const res = await t.ok({ chain: 'files/bythread', params: { project_id: p.project_id, sort: 'label' } });
    expect(res.data).toMatchObject({ total: 2, filters: { project_id: p.project_id } });
    expect(res.files.map((f: Params) => [f.file_id, f.label, f.files_count, (f.latest_file as Params).file_id])).toEqual([
      [two.file_id, 'Budget', 1, two.file_id],
      [one.file_id, 'Spec', 3, latest.file_id],
    ]);
    expect(res.files[1].latest_file).toMatchObject({ name: 'spec-final.pdf', version: 3 });
    const searched = await t.ok({ chain: 'files/bythread', params: { project_id: p.project_id, q: 'spe' } });
    expect(searched.files.map((f: Params) => f.file_id)).toEqual([one.file_id]);
    const xml = await t.api({ chain: 'files/bythread', params: { project_id: p.project_id }, format: 'xml' });
    expect(xml.text).toContain('<files_count>3</files_count>');
    expect(xml.text).toMatch(/<latest_file><file_id>\d+<\/file_id>/);
    const all = await t.ok({ chain: 'files', params: { project_id: p.project_id } });
    expect(all.data.total).toBe(4);
  });

  it('filters, sorts and pages the file list', async () => {
    const p = await project();
    const a = await action(p.project_id);
    await createB64({ project_id: p.project_id, name: 'b.txt', status: 'Approved' }, Buffer.from('bb'));
    await createB64({ project_id: p.project_id, name: 'a.txt', action_id: a.action_id }, Buffer.from('a'));
    await createB64({ project_id: p.project_id, name: 'c.png' }, Buffer.from('ccc'));
    const names = async (params: Params) => (await t.ok({ chain: 'files', params: { project_id: p.project_id, ...params } })).files.map((f: Params) => f.name);
    expect(await names({ sort: 'name' })).toEqual(['a.txt', 'b.txt', 'c.png']);
    expect(await names({ sort: '-size' })).toEqual(['c.png', 'b.txt', 'a.txt']);
    expect(await names({ status: 'Approved' })).toEqual(['b.txt']);
    expect(await names({ action_id: a.action_id })).toEqual(['a.txt']);
    expect(await names({ action_id: 0, mime: 'text/plain', sort: 'name' })).toEqual(['b.txt', 'c.png']);
    expect(await names({ q: 'A.T' })).toEqual(['a.txt']);
    const paged = await t.ok({ chain: 'files', params: { project_id: p.project_id, limit: 2, page: 2, sort: 'name' } });
    expect(paged.data).toMatchObject({ total: 3, page: 2, pages: 2, offset: 2 });
    expect((await t.api({ chain: 'files', params: { sort: 'blob_key' } })).status).toBe(400);
  });

  it('answers project and action file lists with the parent record', async () => {
    const p = await project({ name: 'Parent' });
    const a = await action(p.project_id, { name: 'Act' });
    await createB64({ project_id: p.project_id });
    const onAction = await createB64({ project_id: p.project_id, action_id: a.action_id });
    const byProject = await t.ok({ chain: `projects/${p.project_id}/files` });
    expect(byProject.project.name).toBe('Parent');
    expect(byProject.data.total).toBe(2);
    const byAction = await t.ok({ chain: `actions/${a.action_id}/files` });
    expect(byAction.action.name).toBe('Act');
    expect(byAction.files.map((f: Params) => f.file_id)).toEqual([onAction.file_id]);
    expect((await t.api({ chain: 'projects/99999/files' })).status).toBe(404);
  });

  it('updates metadata per file and thread-level fields on the whole thread', async () => {
    const p = await project();
    const a = await action(p.project_id);
    const first = await createB64({ project_id: p.project_id, label: 'Draft', name: 'one.txt' });
    const second = await createB64({ thread_id: first.file_id, name: 'two.txt' });
    const updated = (await t.ok({ chain: `files/${second.file_id}`, method: 'PUT', params: { label: 'Final', client_access: 'modify', action_id: a.action_id, name: 'dir/two-final.txt', detail: 'ok', status: 'Approved' } })).file;
    expect(updated).toMatchObject({ label: 'Final', client_access: 'modify', action_id: a.action_id, name: 'two-final.txt', detail: 'ok', status: 'Approved', version: 2, sha256: second.sha256 });
    const head = (await t.ok({ chain: `files/${first.file_id}` })).file;
    expect(head).toMatchObject({ label: 'Final', client_access: 'modify', action_id: a.action_id, name: 'one.txt', status: 'Active', detail: '' });
    const other = await project();
    const wrongAction = await t.api({ chain: `files/${first.file_id}`, method: 'PUT', params: { action_id: (await action(other.project_id)).action_id } });
    expect(wrongAction.status).toBe(400);
    expect((await t.api({ chain: `files/${first.file_id}`, method: 'PUT', params: { project_id: other.project_id } })).status).toBe(400);
    expect((await t.api({ chain: `files/${first.file_id}`, method: 'PUT', params: { size: 1 } })).status).toBe(400);
  });

  it('deletes a version alone, a thread with its first file, and removes the stored contents', async () => {
    const p = await project();
    const first = await createB64({ project_id: p.project_id });
    const second = await createB64({ thread_id: first.file_id });
    const third = await createB64({ thread_id: first.file_id });
    const deleted = (await t.ok({ chain: `files/${second.file_id}`, method: 'DELETE' })).file;
    expect(deleted).toMatchObject({ file_id: second.file_id, version: 2 });
    expect((await t.api({ chain: `files/${second.file_id}` })).status).toBe(404);
    expect((await t.ok({ chain: `files/${third.file_id}` })).file.version).toBe(3);
    expect(await blobKeys()).toEqual(await rowKeys());
    await t.ok({ chain: `files/${first.file_id}`, method: 'DELETE' });
    expect((await t.api({ chain: `files/${third.file_id}` })).status).toBe(404);
    expect((await t.ok({ chain: 'files', params: { project_id: p.project_id } })).data.total).toBe(0);
    expect(await blobKeys()).toEqual(await rowKeys());
  });

  it('removes stored contents when the project is deleted', async () => {
    const p = await project();
    const keep = await project();
    const kept = await createB64({ project_id: keep.project_id });
    const first = await createB64({ project_id: p.project_id });
    await createB64({ thread_id: first.file_id });
    const before = (await blobKeys()).length;
    await t.ok({ chain: `projects/${p.project_id}`, method: 'DELETE' });
    expect((await blobKeys()).length).toBe(before - 2);
    expect(await blobKeys()).toEqual(await rowKeys());
    expect((await download(kept.file_id)).statusCode).toBe(200);
  });

  it('keeps files of an archived project readable but not writable (409)', async () => {
    const p = await project();
    const file = await createB64({ project_id: p.project_id });
    await t.ok({ chain: `projects/${p.project_id}`, method: 'PUT', params: { function: 'archive' } });
    expect((await base64File({ project_id: p.project_id }, Buffer.from('x'))).status).toBe(409);
    expect((await base64File({ thread_id: file.file_id }, Buffer.from('x'))).status).toBe(409);
    expect((await upload({ project_id: p.project_id }, { filename: 'x', data: Buffer.from('x') })).status).toBe(409);
    expect((await t.api({ chain: `files/${file.file_id}`, method: 'PUT', params: { label: 'x' } })).status).toBe(409);
    expect((await t.api({ chain: `files/${file.file_id}`, method: 'DELETE' })).status).toBe(409);
    expect((await download(file.file_id)).statusCode).toBe(200);
    expect(await blobKeys()).toEqual(await rowKeys());
  });

  it('hides files of projects a plain admin cannot see (404), but not those of actions assigned to them', async () => {
    const hidden = await project({ admin_access: 'manager' });
    const open = await project({ admin_access: 'all' });
    const secret = await createB64({ project_id: hidden.project_id, name: 'secret.txt' });
    const visible = await createB64({ project_id: open.project_id, name: 'open.txt' });
    const mine = await action(hidden.project_id, { assigned_adminid: t.ids.alice });
    const assigned = await createB64({ project_id: hidden.project_id, action_id: mine.action_id, name: 'assigned.txt' });
    for (const call of [`files/${secret.file_id}`, `files/${secret.file_id}/download`, `projects/${hidden.project_id}/files`]) {
      expect((await t.api({ chain: call, as: 'alice' })).status, call).toBe(404);
    }
    expect((await download(secret.file_id, {}, 'alice')).statusCode).toBe(404);
    expect((await download(secret.file_id, {}, 'alice', 'HEAD')).statusCode).toBe(404);
    expect((await t.api({ chain: `files/${secret.file_id}`, method: 'PUT', params: { detail: 'x' }, as: 'alice' })).status).toBe(404);
    expect((await t.api({ chain: `files/${secret.file_id}`, method: 'DELETE', as: 'alice' })).status).toBe(404);
    expect((await base64File({ project_id: hidden.project_id }, Buffer.from('x'), 'alice')).status).toBe(404);
    expect((await base64File({ thread_id: secret.file_id }, Buffer.from('x'), 'alice')).status).toBe(404);
    const listed = await t.api({ chain: 'files', params: { sort: '-file_id', limit: 500 }, as: 'alice' });
    const ids = listed.body.response.files.map((f: Params) => f.file_id);
    expect(ids).toContain(visible.file_id);
    expect(ids).toContain(assigned.file_id);
    expect(ids).not.toContain(secret.file_id);
    const threads = await t.api({ chain: 'files/bythread', params: { project_id: hidden.project_id }, as: 'alice' });
    expect(threads.body.response.files.map((f: Params) => f.file_id)).toEqual([assigned.file_id]);
    expect(threads.body.response.data.total).toBe(1);
    expect((await download(assigned.file_id, {}, 'alice')).statusCode).toBe(200);
    const version = await base64File({ thread_id: assigned.file_id }, Buffer.from('v2'), 'alice');
    expect(version.status).toBe(200);
    expect((await download(secret.file_id, {}, 'root')).statusCode).toBe(200);
    expect((await t.api({ chain: 'files', as: 'nobody' })).status).toBe(403);
  });
});

/** The file name a client reads from Content-Disposition: filename* when present, else filename. */
function decodeDisposition(header: string): string {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (extended) return decodeURIComponent(extended[1]);
  const quoted = /filename="((?:[^"\\]|\\.)*)"/.exec(header);
  return quoted ? quoted[1].replace(/\\(.)/g, '$1') : '';
}
