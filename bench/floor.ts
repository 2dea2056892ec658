import Fastify from 'fastify';
import { SettingsCache } from '../src/settings/settings.js';
import { openDatabase } from '../src/db/connect.js';
import { registerFloorRoutes } from './floor-routes.js';

/** The floor server for `npm run bench`: TeamPro's throughput is reported as a ratio of this. */
const { db } = openDatabase(process.env.DATABASE_URL!);
const app = Fastify({ logger: false });
registerFloorRoutes(app, db, await new SettingsCache().get(db));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`floor listening on http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
process.once('SIGTERM', () => void app.close().then(() => db.destroy()).then(() => process.exit(0)));
