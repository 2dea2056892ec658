/** Which database a URL names; kept apart from connect.ts so that reading the config loads no driver. */
export type DialectName = 'sqlite' | 'postgres' | 'mysql';

export function dialectOf(url: string): DialectName {
  if (/^postgres(ql)?:/i.test(url)) return 'postgres';
  if (/^(mysql|mariadb):/i.test(url)) return 'mysql';
  if (/^sqlite:/i.test(url) || url === ':memory:') return 'sqlite';
  throw new Error(`DATABASE_URL must start with sqlite:, postgres:, mysql: or mariadb: (got "${url.split(':')[0]}:")`);
}
