import { loadConfig } from './app-config.js';
import { runServe } from './cli/serve.js';
import { parseWorkers } from './cluster.js';

/** The only module that touches the process: config from the environment, signals, exit codes. */
async function main() {
  const config = loadConfig(process.env);
  // One process unless asked: the zero-setup path stays simple (docs/deployment.md).
  const workers = parseWorkers(process.env.TEAMPRO_WORKERS, 1);
  // The same serve loop as `teampro serve`: graceful close on SIGTERM/SIGINT, cluster when asked.
  process.exit(await runServe(config, (line) => console.log(line), workers));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
