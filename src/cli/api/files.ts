/**
 * `teampro files upload` and `files download`: the SDK's files.upload and files.download, streaming
 * from and to disk so a large file is never held in memory, with a byte progress bar on a terminal.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, openAsBlob, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import type { TeamProClient, TeamProFile } from '../../client/index.js';
import { CliError, print, printJson, usageError } from '../output.js';
import { API_METHODS } from './options.generated.js';
import { addParamOptions } from './params.js';
import { parseId } from './resources.js';
import { formatBytes, printList } from './render.js';
import { addCommonOptions, apiAction, asCliError, type Env } from './session.js';

interface Progress {
  add(bytes: number): void;
  next(label: string): void;
  stop(): void;
}

/**
 * A byte progress bar on stderr, drawn only when both stdout and stderr are terminals: with stdout
 * in a pipe the command is being scripted, and a bar in a log file is noise.
 */
async function transferProgress(verb: string, total: number): Promise<Progress> {
  if (!process.stdout.isTTY || !process.stderr.isTTY) return { add() {}, next() {}, stop() {} };
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { format: `${verb} [{bar}] {percentage}% {done} of {size}  {label}`, stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  let label = '';
  bar.start(Math.max(total, 1), 0, { done: formatBytes(0), size: formatBytes(total), label });
  return {
    add(bytes) {
      done += bytes;
      bar.update(done, { done: formatBytes(done), label });
    },
    next(text) {
      label = text;
      bar.update(done, { label });
    },
    stop: () => bar.stop(),
  };
}

/** A stream that tells the progress bar about each chunk passing through. */
function counted(stream: ReadableStream<Uint8Array>, progress: Progress): ReadableStream<Uint8Array> {
  return stream.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ transform: (chunk, controller) => (progress.add(chunk.length), controller.enqueue(chunk)) }));
}

/** Every path must be a readable regular file before the first byte goes out: a typo should not leave half a batch uploaded. */
function checkFiles(paths: string[]): { file: string; size: number }[] {
  return paths.map((file) => {
    let stats;
    try {
      stats = statSync(file);
    } catch {
      throw usageError(`${file}: no such file`);
    }
    if (!stats.isFile()) throw usageError(`${file}: not a regular file`);
    return { file, size: stats.size };
  });
}

async function uploadAll(client: TeamProClient, files: { file: string; size: number }[], params: Record<string, unknown>): Promise<TeamProFile[]> {
  const progress = await transferProgress('Uploading', files.reduce((sum, f) => sum + f.size, 0));
  const uploaded: TeamProFile[] = [];
  try {
    for (const { file } of files) {
      progress.next(path.basename(file));
      // Streamed, not a Blob, so the bar follows the bytes as they are sent.
      const stream = counted((await openAsBlob(file)).stream(), progress);
      uploaded.push(await client.files.upload({ ...params, file: stream, name: path.basename(file) }));
    }
    return uploaded;
  } catch (error) {
    const failed = files[uploaded.length].file;
    const cause = await asCliError(error);
    const details = cause instanceof CliError ? [...cause.details] : [];
    // Stop at the first failure: a bad password repeated for each file would ban this address.
    details.push(`${uploaded.length} of ${files.length} files were uploaded before it${uploaded.length ? `: ${uploaded.map((f) => `${f.name} (file ${f.file_id})`).join(', ')}` : ''}`);
    throw new CliError(`Uploading ${failed} failed: ${cause instanceof Error ? cause.message : String(cause)}`, 1, details);
  } finally {
    progress.stop();
  }
}

function uploadCommand(files: Command, env: Env): void {
  const command = files
    .command('upload')
    .description('upload files: each a new file thread in --project, or the next versions of --thread')
    .argument('<paths...>', 'the files to upload (sent one after another)')
    .helpGroup('API calls:');
  // The name is each file's own; content is for base64 uploads, these go as multipart streams.
  const params = addParamOptions(command, API_METHODS.createFile.params, ['name', 'content']);
  addCommonOptions(command);
  command.action(
    apiAction(env, async ([paths], options, client) => {
      const found = checkFiles(paths as string[]);
      const uploaded = await uploadAll(client, found, params.collect(options));
      if (options.json) printJson(uploaded.map((file) => ({ file })));
      else printList({ files: uploaded });
    }),
  );
}

/** The server's file name, reduced to a plain name in the current directory: it is never trusted as a path. */
function localName(name: string | null, id: number): string {
  const base = path.basename((name ?? '').replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '');
  return base === '' || base === '.' || base === '..' ? `file-${id}` : base;
}

/** Writes the stream to `target` through a temporary file, checking the SHA-256 the ETag names. */
async function saveStream(stream: ReadableStream<Uint8Array>, target: string, etag: string | null, progress: Progress): Promise<void> {
  const temporary = `${target}.${process.pid}.part`;
  const hash = createHash('sha256');
  const hashing = new Transform({ transform: (chunk: Buffer, _encoding, done) => (hash.update(chunk), progress.add(chunk.length), done(null, chunk)) });
  try {
    await pipeline(Readable.fromWeb(stream as never), hashing, createWriteStream(temporary));
    const expected = /^"?([0-9a-f]{64})"?$/i.exec(etag ?? '')?.[1]?.toLowerCase();
    if (expected && hash.digest('hex') !== expected) throw new CliError('The download does not match its SHA-256 (ETag); nothing was saved');
    renameSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function downloadCommand(files: Command, env: Env): void {
  const command = files
    .command('download')
    .description("download a file's contents to disk (streamed; checked against its SHA-256)")
    .argument('<id>', "the file's id", parseId)
    .addOption(new Option('-o, --output <path>', 'where to write it; "-" for standard output (default: its name, in the current directory)'))
    .helpGroup('API calls:');
  addCommonOptions(command, false);
  command.action(
    apiAction(env, async ([id], options, client) => {
      const download = await client.files.download(Number(id));
      if (options.output === '-') return void (await pipeline(Readable.fromWeb(download.stream as never), process.stdout));
      const target = options.output ?? localName(download.name, Number(id));
      // Only the default name is guarded: -o says where to write, as with cp.
      if (options.output === undefined && existsSync(target)) {
        await download.stream.cancel();
        throw new CliError(`${target} already exists; choose the name with -o`);
      }
      const progress = await transferProgress('Downloading', download.size ?? 0);
      progress.next(target);
      await saveStream(download.stream, target, download.etag, progress).finally(() => progress.stop());
      print(`Saved file ${id} to ${target} (${formatBytes(statSync(target).size)})`);
    }),
  );
}

export function registerTransferCommands(files: Command, env: Env): void {
  uploadCommand(files, env);
  downloadCommand(files, env);
}
