import type { Kysely } from 'kysely';
import type { AppConfig } from '../app-config.js';
import type { Database } from '../db/types.js';
import { LocalTicketSource } from './local-source.js';
import type { TicketSource } from './source.js';
import { WhmcsTicketSource } from './whmcs-source.js';

/** The ticket source the config selects: TeamPro's own table unless WHMCS_DATABASE_URL names a WHMCS database. */
export function createTicketSource(config: AppConfig, db: Kysely<Database>): TicketSource {
  const url = config.whmcsDatabaseUrl;
  if (!url) return new LocalTicketSource(db);
  if (!/^(mysql|mariadb):\/\//i.test(url)) {
    throw new Error(`WHMCS_DATABASE_URL must be a mysql:// or mariadb:// URL (WHMCS runs on MySQL/MariaDB), got "${url.split(':')[0]}:"`);
  }
  return new WhmcsTicketSource(url);
}
