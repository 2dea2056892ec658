import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import autocannon from 'autocannon';

/** Servers as child processes, autocannon runs, and comparisons measured in turn (docs/benchmarks.md). */
export function start(command: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening on (http:\/\/[\d.:]+)/.exec(chunk.toString());
      if (match) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code}`)));
  });
}

export const stop = (child: ChildProcess) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));

export interface Scenario {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  /** The status every reply should have (a failed login: 401, or 429 once the hash gate is full). */
  expect?: number;
}

export interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** Replies per HTTP status, e.g. "200×52000" or "401×600 429×70". */
  statuses: string;
  errors: number;
}

export async function measure(base: string, scenario: Scenario, duration: number, warmUp = 2): Promise<Measured> {
  const options = {
    url: base + scenario.path,
    method: scenario.method ?? 'GET',
    body: scenario.body,
    headers: scenario.body ? { 'content-type': 'application/json' } : {},
    connections: 16,
  };
  await autocannon({ ...options, duration: Math.min(warmUp, duration) });
  const result = await autocannon({ ...options, duration });
  const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => `${code}×${stat.count ?? 0}`).join(' ');
  const expected = scenario.expect ?? 200;
  const unexpected = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => Number(code) !== expected && !(expected === 401 && code === '429'));
  const errors = result.errors + unexpected.reduce((sum, [, stat]) => sum + (stat.count ?? 0), 0);
  return { name: scenario.name, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, statuses, errors };
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function table(rows: Measured[]): string {
  const lines = ['| scenario | req/s | p50 ms | p99 ms | replies | errors |', '|---|---:|---:|---:|---|---:|'];
  for (const r of rows) lines.push(`| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.statuses} | ${r.errors} |`);
  return lines.join('\n');
}

/**
 * Comparisons run in many short rounds: on a shared machine throughput drifts over seconds, and two
 * runs of a few seconds side by side see more nearly the same machine than two of ten. A smoke run
 * (--quick) takes three.
 */
const roundsOption = process.argv.indexOf('--rounds');
export const ROUNDS = roundsOption > 0 ? Number(process.argv[roundsOption + 1]) : process.argv.includes('--quick') ? 3 : 9;
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds must be a whole number of rounds, at least 1');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The median round of a comparison, and every round's ratio (in the order measured). */
export interface InTurn {
  a: Measured;
  b: Measured;
  ratio: number;
  ratios: number[];
}

export interface Target {
  url: string;
  scenario: Scenario;
}

/**
 * Two targets measured in turn, ROUNDS times each, the order swapped every round, so that drift on a
 * shared machine touches both alike; returns the round whose `compare` is the median.
 */
export async function inTurn(a: Target, b: Target, roundSeconds: number, compare: (a: Measured, b: Measured) => number): Promise<InTurn> {
  const rounds: { a: Measured; b: Measured; ratio: number }[] = [];
  const run = (target: Target) => measure(target.url, target.scenario, roundSeconds, 1);
  for (let round = 0; round < ROUNDS; round += 1) {
    const bFirst = round % 2 === 1;
    const first = await run(bFirst ? b : a);
    const second = await run(bFirst ? a : b);
    const [ma, mb] = bFirst ? [second, first] : [first, second];
    rounds.push({ a: ma, b: mb, ratio: Number(compare(ma, mb).toFixed(2)) });
  }
  const ratios = rounds.map((r) => r.ratio);
  return { ...rounds.find((r) => r.ratio === median(ratios))!, ratios };
}

/** The floor must answer exactly what TeamPro answers in `response`, or the ratio compares different work. */
export async function assertSameBody(teamproUrl: string, floorUrl: string) {
  const ours = (await (await fetch(teamproUrl)).json()) as { response: unknown };
  const floor = await (await fetch(floorUrl)).json();
  assert.deepStrictEqual(floor, ours.response, `the floor's body differs from TeamPro's response for ${floorUrl}`);
}

export const throughput = (a: Measured, b: Measured) => a.rps / b.rps;
export const latency = (a: Measured, b: Measured) => a.p50 / Math.max(b.p50, 0.001);
