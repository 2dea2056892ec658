import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createAdmin, createRole } from '../src/auth/admins.js';
import { md5 } from '../src/auth/password.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';

/**
 * `npm run bench:files`: uploads and downloads one large file (default 1 GiB, generated on disk)
 * through a TeamPro server running as a child process over loopback, samples the server's resident
 * memory from /proc, and compares the throughput with `cp` and `cat` of the same file on the same disk.
 * Goal: the server's peak RSS grows by less than 64 MiB whatever the file size. Options:
 *   --mib N     file size in MiB (default 1024)
 *   --keep      keep the work directory (bench/.data/files)
 */
const args = process.argv.slice(2);
const sizeMiB = Number(args[args.indexOf('--mib') + 1]) || 1024;
const keep = args.includes('--keep');
const MiB = 1024 * 1024;
const GOAL_MIB = 64;
const work = path.resolve('bench/.data/files');
const USER = 'bench';
const PASSWORD = 'bench-password';

/** Writes `bytes` of test data to `file`; returns their sha256 (to check what the server stored). */
async function generate(file: string, bytes: number): Promise<string> {
  // A 16 MiB random pool written over and over: incompressible enough, and quick to make.
  const pool = randomBytes(16 * MiB);
  const hash = createHash('sha256');
  const out = fs.createWriteStream(file);
  for (let written = 0; written < bytes; written += pool.length) {
    const chunk = pool.subarray(0, Math.min(pool.length, bytes - written));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return hash.digest('hex');
}

async function prepareDatabase(url: string): Promise<void> {
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  const role = await createRole(handle.db, 'Super Admin', 'super');
  await createAdmin(handle.db, { username: USER, password: PASSWORD, roleId: role }, 1);
  await handle.destroy();
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const env = {
    ...process.env, TEAMPRO_DATA_DIR: dataDir, DATABASE_URL: `sqlite://${path.join(dataDir, 'teampro.db')}`,
    HOST: '127.0.0.1', PORT: '0', TEAMPRO_LOG_LEVEL: 'warn', TEAMPRO_MAX_UPLOAD_MB: String(sizeMiB + 16), TEAMPRO_SANDBOX: 'false',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening on (http:\/\/[\d.:]+)/.exec(chunk.toString());
      if (match) resolve({ child, base: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** Resident memory of a process, in KiB, from /proc. */
function memory(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

interface Phase {
  seconds: number;
  growthMiB: number;
}

/** Runs `work` while watching the server: peak RSS growth over the RSS just before (VmHWM reset first). */
async function watched(pid: number, work: () => Promise<void>): Promise<Phase> {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const before = memory(pid).rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, memory(pid).rss)), 20);
  const started = process.hrtime.bigint();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  peak = Math.max(peak, memory(pid).hwm);
  return { seconds, growthMiB: (peak - before) / 1024 };
}

function request(url: string, options: http.RequestOptions): Promise<http.IncomingMessage> & { req: http.ClientRequest } {
  let req!: http.ClientRequest;
  const promise = new Promise<http.IncomingMessage>((resolve, reject) => {
    req = http.request(url, options, resolve);
    req.on('error', reject);
  });
  return Object.assign(promise, { req });
}

async function upload(base: string, auth: string, projectId: number, file: string): Promise<{ file_id: number; sha256: string }> {
  const boundary = `bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="params"\r\n\r\n${JSON.stringify({ project_id: projectId })}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + fs.statSync(file).size + tail.length;
  const pending = request(`${base}/api.php/v1/files/json?${auth}`, {
    method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length },
  });
  pending.req.write(head);
  await pipeline(fs.createReadStream(file, { highWaterMark: MiB }), pending.req, { end: false });
  pending.req.end(tail);
  const res = await pending;
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString());
  if (res.statusCode !== 200) throw new Error(`upload failed: ${res.statusCode} ${body.request?.message}`);
  return body.response.file;
}

/**
 * Downloads the file and drops the bytes (like `cat > /dev/null`); with `verify`, hashes them too.
 * The timed run does not hash: on two cores the client's hashing would slow the server it measures.
 */
async function download(base: string, auth: string, fileId: number, verify = false): Promise<{ bytes: number; sha256: string | null }> {
  const pending = request(`${base}/api.php/v1/files/${fileId}/download?${auth}`, { method: 'GET' });
  pending.req.end();
  const res = await pending;
  if (res.statusCode !== 200) throw new Error(`download failed: ${res.statusCode}`);
  const hash = verify ? createHash('sha256') : null;
  let bytes = 0;
  for await (const chunk of res) {
    bytes += (chunk as Buffer).length;
    hash?.update(chunk as Buffer);
  }
  return { bytes, sha256: hash?.digest('hex') ?? null };
}

async function api(base: string, auth: string, chain: string, method = 'GET', params: object = {}) {
  const res = await fetch(`${base}/api.php/v1/${chain}/json?${auth}`, {
    method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : JSON.stringify({ params }),
  });
  return ((await res.json()) as { response: Record<string, any> }).response;
}

function timed(command: string, commandArgs: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} failed`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The best of three runs of a shell command (the first may pay for writing back earlier dirty pages). */
function best(script: string, cleanup = ''): number {
  const runs = [0, 1, 2].map(() => {
    const seconds = timed('sh', ['-c', script]);
    if (cleanup) spawnSync('sh', ['-c', cleanup]);
    return seconds;
  });
  return Math.min(...runs);
}

/** cp; cp then fsync of the copy (the server fsyncs what it stores); cat to /dev/null. */
function baselines(file: string): { cp: number; cpSync: number; cat: number } {
  const copy = `${file}.copy`;
  spawnSync('sync');
  return {
    cp: best(`cp "${file}" "${copy}"`, `rm -f "${copy}" && sync`),
    cpSync: best(`cp "${file}" "${copy}" && sync "${copy}"`, `rm -f "${copy}" && sync`),
    cat: best(`cat "${file}" > /dev/null`),
  };
}

/** One small upload and download first, so the measured runs see a warm server (code loaded and compiled). */
async function warmUp(base: string, auth: string, projectId: number): Promise<void> {
  const small = path.join(work, 'warm-up.bin');
  fs.writeFileSync(small, randomBytes(MiB));
  const stored = await upload(base, auth, projectId, small);
  await download(base, auth, stored.file_id, true);
  await api(base, auth, `files/${stored.file_id}`, 'DELETE');
  fs.rmSync(small);
}

const hasCurl = () => spawnSync('curl', ['--version']).status === 0;

/** The same transfers with curl as the client (C, no hashing): what the server does when the client is not the limit. */
async function withCurl(pid: number, base: string, auth: string, projectId: number, file: string): Promise<{ up: Phase; down: Phase }> {
  let fileId = 0;
  const up = await watched(pid, async () => {
    const params = `params=${JSON.stringify({ project_id: projectId })}`;
    const result = spawnSync('curl', ['-sf', '-F', params, '-F', `file=@${file}`, `${base}/api.php/v1/files/json?${auth}`], { encoding: 'utf8', maxBuffer: MiB });
    if (result.status !== 0) throw new Error('curl upload failed');
    fileId = JSON.parse(result.stdout).response.file.file_id;
  });
  const down = await watched(pid, async () => {
    const result = spawnSync('curl', ['-sf', '-o', '/dev/null', `${base}/api.php/v1/files/${fileId}/download?${auth}`]);
    if (result.status !== 0) throw new Error('curl download failed');
  });
  await api(base, auth, `files/${fileId}`, 'DELETE');
  return { up, down };
}

function machine(): string {
  const cpus = os.cpus();
  const fsType = spawnSync('df', ['-T', work], { encoding: 'utf8' }).stdout.split('\n')[1]?.split(/\s+/)[1] ?? '?';
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}, ${fsType} disk`;
}

async function main() {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const file = path.join(work, 'big.bin');
  console.log(`generating ${sizeMiB} MiB in ${file} ...`);
  const sha256 = await generate(file, sizeMiB * MiB);
  const copies = baselines(file);
  const dataDir = path.join(work, 'server');
  await prepareDatabase(`sqlite://${path.join(dataDir, 'teampro.db')}`);
  const { child, base } = await startServer(dataDir);
  const auth = new URLSearchParams({ username: USER, password: md5(PASSWORD) }).toString();
  try {
    const project = (await api(base, auth, 'projects', 'POST', { name: 'Bench' })).project;
    await warmUp(base, auth, project.project_id);
    let stored!: { file_id: number; sha256: string };
    const up = await watched(child.pid!, async () => void (stored = await upload(base, auth, project.project_id, file)));
    if (stored.sha256 !== sha256) throw new Error('the server stored other bytes than were sent');
    let got = { bytes: 0 };
    const down = await watched(child.pid!, async () => void (got = await download(base, auth, stored.file_id)));
    if (got.bytes !== sizeMiB * MiB) throw new Error(`downloaded ${got.bytes} bytes`);
    const verified = await watched(child.pid!, async () => {
      if ((await download(base, auth, stored.file_id, true)).sha256 !== sha256) throw new Error('downloaded bytes differ from the upload');
    });
    await api(base, auth, `files/${stored.file_id}`, 'DELETE');
    const curl = hasCurl() ? await withCurl(child.pid!, base, auth, project.project_id, file) : null;
    report(machine(), up, { ...down, growthMiB: Math.max(down.growthMiB, verified.growthMiB) }, copies, curl);
  } finally {
    child.kill('SIGTERM');
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

function report(host: string, up: Phase, down: Phase, base: { cp: number; cpSync: number; cat: number }, curl: { up: Phase; down: Phase } | null) {
  const rate = (seconds: number) => `${(sizeMiB / seconds).toFixed(0)} MiB/s`;
  const rows = [
    ['upload (multipart, POST files), Node client', up.seconds, up.growthMiB],
    ['download (GET files/{id}/download), Node client', down.seconds, down.growthMiB],
    ...(curl ? ([['upload, curl -F', curl.up.seconds, curl.up.growthMiB], ['download, curl -o /dev/null', curl.down.seconds, curl.down.growthMiB]] as const) : []),
    ['cp', base.cp, null],
    ['cp + sync', base.cpSync, null],
    ['cat > /dev/null', base.cat, null],
  ] as const;
  console.log(`\n${sizeMiB} MiB file, loopback; ${host}\n`);
  console.log('| operation | time | throughput | server peak RSS growth |');
  console.log('|---|---|---|---|');
  for (const [name, seconds, growth] of rows) {
    console.log(`| ${name} | ${seconds.toFixed(2)} s | ${rate(seconds)} | ${growth === null ? '–' : `${growth.toFixed(1)} MiB`} |`);
  }
  const worst = Math.max(up.growthMiB, down.growthMiB, curl?.up.growthMiB ?? 0, curl?.down.growthMiB ?? 0);
  console.log(`\nRSS growth goal < ${GOAL_MIB} MiB: ${worst < GOAL_MIB ? 'met' : 'NOT met'} (worst ${worst.toFixed(1)} MiB)`);
  if (worst >= GOAL_MIB) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
