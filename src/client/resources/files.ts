import { paginate } from '../paging.js';
import { uploadBody, dispositionName, type UploadSource } from '../upload.js';
import { multipartFields } from '../wire.js';
import type { CreateFileParams, FileThread, FindFileThreadsParams, FindFilesParams, Page, TeamProFile, UpdateFileParams } from '../types.js';
import { Resource } from './base.js';

/** createFile's params plus the file itself; `name` defaults to the File's name, `type` to its type. */
export type UploadParams = Omit<CreateFileParams, 'content'> & { file: UploadSource; type?: string };

export interface DownloadOptions {
  /** Inclusive byte range; `end` omitted = to the end of the file. */
  readonly range?: { readonly start: number; readonly end?: number };
  readonly signal?: AbortSignal;
}

/** A file's bytes as a stream, with what the reply headers say about them. */
export interface Download {
  readonly stream: ReadableStream<Uint8Array>;
  /** 200, or 206 for a range. */
  readonly status: number;
  /** Bytes in this reply (Content-Length), when known. */
  readonly size: number | null;
  readonly type: string;
  readonly name: string | null;
  /** The ETag: the quoted SHA-256 of the contents. */
  readonly etag: string | null;
  readonly contentRange: string | null;
}

/** files (file threads and their versions): findFiles, findFileThreads, createFile, getFile, downloadFile, updateFile, deleteFile. */
export class Files extends Resource {
  list(params: FindFilesParams = {}): Promise<Page<'files', TeamProFile>> {
    return this.page('findFiles', params);
  }

  iterate(params: FindFilesParams = {}): AsyncGenerator<TeamProFile, void, undefined> {
    return paginate((p: FindFilesParams) => this.list(p), 'files', params);
  }

  /** Thread starters with `files_count` and `latest_file` (findFileThreads). */
  threads(params: FindFileThreadsParams = {}): Promise<Page<'files', FileThread>> {
    return this.page('findFileThreads', params);
  }

  get(fileId: number): Promise<TeamProFile> {
    return this.one('getFile', { file_id: fileId }, 'file');
  }

  /**
   * Uploads a file (createFile, multipart): a new thread in `project_id`, or with `thread_id` its next
   * version. Never retried: a failed upload may still have been stored.
   */
  async upload({ file, type, ...params }: UploadParams): Promise<TeamProFile> {
    const fileName = params.name ?? (file as { name?: unknown }).name;
    const name = typeof fileName === 'string' && fileName !== '' ? fileName : 'upload.bin';
    const mime = type ?? (file instanceof Blob && file.type ? file.type : 'application/octet-stream');
    const fields = multipartFields(this.transport.wireCall('createFile', params));
    return this.one('createFile', params, 'file', await uploadBody(fields, file, name, mime));
  }

  /** Streams a file's bytes: `const {stream} = await client.files.download(id)`; `new Response(stream).blob()` for a Blob. */
  async download(fileId: number, options: DownloadOptions = {}): Promise<Download> {
    const headers: Record<string, string> = {};
    if (options.range) headers.Range = `bytes=${options.range.start}-${options.range.end ?? ''}`;
    const response = await this.transport.raw('downloadFile', { file_id: fileId }, { headers, signal: options.signal });
    const length = response.headers.get('content-length');
    return {
      stream: response.body ?? new ReadableStream({ start: (controller) => controller.close() }),
      status: response.status,
      size: length === null ? null : Number(length),
      type: response.headers.get('content-type') ?? 'application/octet-stream',
      name: dispositionName(response.headers.get('content-disposition')),
      etag: response.headers.get('etag'),
      contentRange: response.headers.get('content-range'),
    };
  }

  /** Updates metadata; label, action_id and client_access apply to the whole thread. */
  update(fileId: number, params: UpdateFileParams): Promise<TeamProFile> {
    return this.one('updateFile', { ...params, file_id: fileId }, 'file');
  }

  /** Deletes the file (the whole thread when it is the first file); returns it as it was. */
  delete(fileId: number): Promise<TeamProFile> {
    return this.one('deleteFile', { file_id: fileId }, 'file');
  }
}
