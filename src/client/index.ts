/**
 * teampro/client — the TypeScript SDK of the TeamPro Remote API. Browser-safe: fetch, TextEncoder and
 * streams only; the types come from the server's schemas through type-only imports.
 */
export { TeamProClient } from './client.js';
export { TeamProError, TeamProNetworkError, type ParamError } from './errors.js';
export { md5 } from './md5.js';
export { METHODS, type MethodName, type MethodInfo, type HttpMethod } from './method-table.js';
export type { TeamProClientOptions } from './transport.js';
export type { AuthStyle, Format, UrlStyle, WireRequest } from './wire.js';
export type { Download, DownloadOptions, UploadParams } from './resources/files.js';
export type { StartTimerParams } from './resources/timelogs.js';
export type { SignInParams } from './resources/sessions.js';
export type { UploadSource } from './upload.js';
export type * from './types.js';
