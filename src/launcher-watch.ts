/** How often a server started through npm or npx looks for its launcher. */
const POLL_MS = 500;

/**
 * Calls `stop` once when the process that launched this one through npm or npx goes away.
 *
 * `npm start` and `npx teampro serve` run the server under `sh -c`; stopping npm (SIGTERM, or a
 * supervisor killing it) ends that shell, which does not pass the signal on, and the server would
 * be left running without its launcher. Started any other way (node directly, a service manager,
 * `nohup`), the server does not watch: outliving the shell that started it is then intended.
 */
export function whenLauncherGone(env: NodeJS.ProcessEnv, stop: () => void): void {
  if (!env.npm_command) return;
  const launcher = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === launcher) return;
    clearInterval(timer);
    stop();
  }, POLL_MS);
  timer.unref();
}
