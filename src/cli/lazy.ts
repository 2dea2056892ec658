/**
 * The admin-side modules a command needs, loaded when it runs rather than when the CLI starts: they
 * bring Kysely and the database code, which `--help`, `serve`'s start-up and the API commands never use.
 */
export const adminsModule = () => import('../auth/admins.js');
export const bansModule = () => import('../auth/bans.js');
export const dialectModule = () => import('../db/dialect.js');
export const sessionsModule = () => import('../auth/session-admin.js');
