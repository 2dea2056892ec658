import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench:cli`: how long the built `teampro` command takes from start to exit, for the
 * commands that only read their arguments (`--version`, `--help`) and for one that loads a group's
 * options (`projects list --help`). Each is run ROUNDS times in turn; the median is reported, beside
 * a bare `node -e 0` for the machine's own start-up cost. Target: under half a second.
 */
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CASES: Record<string, string[]> = {
  'node -e 0 (the floor)': ['-e', '0'],
  'teampro --version': ['bin/teampro.js', '--version'],
  'teampro --help': ['bin/teampro.js', '--help'],
  'teampro projects list --help': ['bin/teampro.js', 'projects', 'list', '--help'],
};

function millis(args: string[]): number {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const times = Object.fromEntries(Object.keys(CASES).map((name) => [name, [] as number[]]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, args] of Object.entries(CASES)) times[name].push(millis(args));
}
for (const [name, values] of Object.entries(times)) {
  console.log(`${name.padEnd(32)} median ${median(values).toFixed(0).padStart(5)} ms  (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`);
}
