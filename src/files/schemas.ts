import { Type, type Static } from '@sinclair/typebox';
import type { FileRow } from '../db/types.js';
import type { ListSpec } from '../engine/lists.js';
import { IsoTime, toIso } from '../engine/records.js';
import { AdminFilter, Choice, Configured, Id, LongText, RefId, Text, Name } from '../engine/types.js';

export const FILE_CLIENT_ACCESS = ['hidden', 'view', 'modify'] as const;

/** Fields that belong to the thread: set on its first file, kept equal on every version. */
export const THREAD_FIELDS = ['action_id', 'label', 'client_access'] as const;

/** Writable metadata, shared by createFile and updateFile. */
export const fileFields = {
  action_id: RefId('Action the thread belongs to (0 = none); must be in the project. Thread-level'),
  label: Text('Thread title. Thread-level', 255),
  name: Name('Original file name (default: the uploaded file\'s name); never used as a path'),
  detail: LongText('Description of this file (version)'),
  status: Configured('file_statuses', 'Status (config file_statuses)'),
  client_access: Choice(FILE_CLIENT_ACCESS, 'hidden, view or modify for the client. Thread-level'),
};

export const fileFilters = {
  project_id: Id('Only files of this project'),
  action_id: RefId('Only files of this action (0 = files with no action)'),
  thread_id: Id('Only the versions in this thread'),
  status: Configured('file_statuses', 'Only files with this status'),
  client_access: Choice(FILE_CLIENT_ACCESS, 'Only files with this client access'),
  uploader_adminid: AdminFilter('Only files uploaded by this admin'),
  mime: Text('Only files of this detected type, e.g. image/png', 128),
};

const SORTABLE = ['file_id', 'thread_id', 'name', 'label', 'version', 'size', 'mime', 'status', 'created', 'modified'];

export const fileListSpec: ListSpec = {
  idColumn: 'files.file_id',
  sortable: Object.fromEntries(SORTABLE.map((f) => [f, `files.${f}`])),
  searchColumns: ['files.name', 'files.label'],
  modifiedColumn: 'files.modified',
};

export const FileRecord = Type.Object({
  file_id: Id('File id'),
  thread_id: Id('Thread id: the id of the thread\'s first file'),
  project_id: Id('Project id'),
  action_id: Type.Integer({ description: 'Action id (0 = none)' }),
  label: Type.String({ description: 'Thread title' }),
  name: Type.String({ description: 'Original file name' }),
  detail: Type.String(),
  version: Type.Integer({ minimum: 1, description: '1, 2, … within the thread' }),
  mime: Type.String({ description: 'Detected from the content and the name' }),
  size: Type.Integer({ minimum: 0, description: 'Bytes' }),
  sha256: Type.String({ description: 'Hex SHA-256 of the contents (also the download ETag)' }),
  status: Type.String(),
  client_access: Type.String(),
  uploader_adminid: Type.Integer(),
  created: IsoTime('Uploaded'),
  modified: IsoTime('Last change to this record'),
});

export const FileThreadRecord = Type.Composite([
  FileRecord,
  Type.Object({
    files_count: Type.Integer({ minimum: 1, description: 'Files (versions) in the thread' }),
    latest_file: FileRecord,
  }),
]);

export type FileRecordT = Static<typeof FileRecord>;

export function presentFile(row: FileRow): FileRecordT {
  return {
    file_id: row.file_id,
    thread_id: row.thread_id,
    project_id: row.project_id,
    action_id: row.action_id,
    label: row.label,
    name: row.name,
    detail: row.detail,
    version: row.version,
    mime: row.mime,
    size: Number(row.size),
    sha256: row.sha256,
    status: row.status,
    client_access: row.client_access,
    uploader_adminid: row.uploader_adminid,
    created: toIso(row.created),
    modified: toIso(row.modified),
  };
}
