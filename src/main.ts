import { loadConfig } from './app-config.js';
import { parseWorkers, runCluster } from './cluster.js';
import { startServer } from './server.js';

/** The only module that touches the process: config from the environment, signals, exit codes. */
async function main() {
  const config = loadConfig(process.env);
  // One process unless asked: the zero-setup path stays simple (docs/deployment.md).
  const workers = parseWorkers(process.env.TEAMPRO_WORKERS, 1);
  if (workers > 1) process.exit(await runCluster(config, (line) => console.log(line), { workers }));
  const server = await startServer(config, (line) => console.log(line));
  console.log(`TeamPro listening on ${server.url} (API: ${server.url}/api/v1/projects/json)`);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    await server.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
