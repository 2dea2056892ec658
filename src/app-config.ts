import path from 'node:path';
import { dialectOf } from './db/dialect-name.js';

/** File contents in an S3-compatible bucket, shared by every instance that names it. */
export interface S3Settings {
  readonly bucket: string;
  /** The service's URL for anything but AWS (MinIO, Ceph, R2, …); null lets the SDK find AWS's. */
  readonly endpoint: string | null;
  readonly region: string;
  /** Prepended to every object key: empty, or ending with "/". */
  readonly prefix: string;
  readonly forcePathStyle: boolean;
}

/** Process-level configuration: read once from the environment, validated, frozen, then injected. */
export interface AppConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string;
  readonly whmcsDatabaseUrl: string | null;
  readonly legacyPrefix: string;
  readonly corsOrigins: readonly string[];
  /** Passed to Fastify's `trustProxy`: false, true, a hop count or a list of addresses/CIDRs. */
  readonly trustProxy: boolean | number | string[];
  readonly sandbox: boolean;
  readonly logLevel: string;
  readonly ban: Readonly<{ threshold: number; windowSeconds: number; durationSeconds: number; allow: readonly string[] }>;
  readonly authCacheSeconds: number;
  /** How long a process trusts what it last read of a login row and an address's ban record. */
  readonly authRefreshMs: number;
  /** Browser sessions: ended after `idleSeconds` without a request, and `maxSeconds` after sign-in whatever happens. */
  readonly session: Readonly<{ idleSeconds: number; maxSeconds: number }>;
  /** The longest a statement of the server's may run on PostgreSQL or MySQL/MariaDB, lock waits included; 0 = no limit. */
  readonly dbTimeoutMs: number;
  readonly maxUploadBytes: number;
  readonly maxBase64Bytes: number;
  readonly maxParamsBytes: number;
  readonly blobDir: string;
  /** When set, file contents live in this bucket and `blobDir` is not used. */
  readonly s3: S3Settings | null;
  /** How often the scheduler makes due recurring actions, in seconds; 0 = not in this process. */
  readonly recurrenceSeconds: number;
  readonly adminUser: string | null;
  readonly adminPassword: string | null;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min) throw new ConfigError(`${name} must be at least ${min}, got ${value}`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function trustProxy(env: Env): AppConfig['trustProxy'] {
  const raw = env.TEAMPRO_TRUST_PROXY?.trim();
  if (!raw || raw === 'false' || raw === '0') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return list(env, 'TEAMPRO_TRUST_PROXY');
}

function normalisePrefix(raw: string): string {
  const trimmed = raw.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Bucket names as S3 has ever allowed them (older regions took capitals and underscores too). */
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/;

function endpointUrl(raw: string | undefined): string | null {
  if (!raw?.trim()) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`TEAMPRO_S3_ENDPOINT must be a URL such as http://127.0.0.1:9000, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`TEAMPRO_S3_ENDPOINT must start with http:// or https://, got "${raw}"`);
  return url.toString();
}

function s3Settings(env: Env): S3Settings | null {
  const bucket = env.TEAMPRO_S3_BUCKET?.trim();
  if (!bucket) {
    const stray = ['TEAMPRO_S3_ENDPOINT', 'TEAMPRO_S3_REGION', 'TEAMPRO_S3_PREFIX', 'TEAMPRO_S3_FORCE_PATH_STYLE'].find((name) => env[name]?.trim());
    // Without a bucket those settings would be ignored silently, and contents written to the local directory.
    if (stray) throw new ConfigError(`${stray} is set but TEAMPRO_S3_BUCKET is not`);
    return null;
  }
  if (!BUCKET_NAME.test(bucket)) throw new ConfigError(`TEAMPRO_S3_BUCKET is not a bucket name: "${bucket}"`);
  const endpoint = endpointUrl(env.TEAMPRO_S3_ENDPOINT);
  const prefix = (env.TEAMPRO_S3_PREFIX ?? '').trim().replace(/^\/+|\/+$/g, '');
  return {
    bucket,
    endpoint,
    region: env.TEAMPRO_S3_REGION?.trim() || env.AWS_REGION?.trim() || 'us-east-1',
    prefix: prefix ? `${prefix}/` : '',
    // Self-hosted services (MinIO, Ceph) mostly answer at one host name, not one per bucket.
    forcePathStyle: flag(env, 'TEAMPRO_S3_FORCE_PATH_STYLE', endpoint !== null),
  };
}

const MiB = 1024 * 1024;

export function loadConfig(env: Env = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const dataDir = path.resolve(env.TEAMPRO_DATA_DIR || './data');
  const config: AppConfig = {
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 8080),
    dataDir,
    databaseUrl: env.DATABASE_URL || `sqlite://${path.join(dataDir, 'teampro.db')}`,
    whmcsDatabaseUrl: env.WHMCS_DATABASE_URL || null,
    legacyPrefix: normalisePrefix(env.TEAMPRO_LEGACY_PREFIX ?? '/modules/addons/wbteampro'),
    corsOrigins: list(env, 'TEAMPRO_CORS_ORIGINS'),
    trustProxy: trustProxy(env),
    sandbox: flag(env, 'TEAMPRO_SANDBOX', true),
    logLevel: env.TEAMPRO_LOG_LEVEL || 'info',
    ban: {
      threshold: integer(env, 'TEAMPRO_BAN_THRESHOLD', 3, 1),
      windowSeconds: integer(env, 'TEAMPRO_BAN_WINDOW', 900, 1),
      durationSeconds: integer(env, 'TEAMPRO_BAN_DURATION', 900),
      allow: list(env, 'TEAMPRO_BAN_ALLOW'),
    },
    authCacheSeconds: integer(env, 'TEAMPRO_AUTH_CACHE_SECONDS', 60),
    recurrenceSeconds: integer(env, 'TEAMPRO_RECURRENCE_SECONDS', 60),
    authRefreshMs: integer(env, 'TEAMPRO_AUTH_REFRESH_MS', 1000),
    session: {
      idleSeconds: integer(env, 'TEAMPRO_SESSION_IDLE_MINUTES', 24 * 60, 1) * 60,
      maxSeconds: integer(env, 'TEAMPRO_SESSION_MAX_DAYS', 14, 1) * 24 * 3600,
    },
    dbTimeoutMs: integer(env, 'TEAMPRO_DB_TIMEOUT_MS', 30_000),
    maxUploadBytes: integer(env, 'TEAMPRO_MAX_UPLOAD_MB', 100, 1) * MiB,
    maxBase64Bytes: integer(env, 'TEAMPRO_MAX_BASE64_MB', 10, 1) * MiB,
    maxParamsBytes: MiB,
    blobDir: path.resolve(env.TEAMPRO_BLOB_DIR || path.join(dataDir, 'blobs')),
    s3: s3Settings(env),
    adminUser: env.TEAMPRO_ADMIN_USER || null,
    adminPassword: env.TEAMPRO_ADMIN_PASSWORD || null,
    ...overrides,
  };
  try {
    dialectOf(config.databaseUrl);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
