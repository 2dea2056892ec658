import { ApiError } from '../errors.js';

/**
 * Bounds the slow password hash. scrypt runs on libuv's small thread pool, off the event loop; this
 * gate also caps how many wait for it, so a flood of bad logins (each a cache miss) cannot queue
 * without end and delay the logins behind it. Past the queue a login is refused with 429 at once;
 * requests whose login is cached never come here.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency = 4,
    private readonly maxWaiting = 64,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new ApiError('TOO_MANY_REQUESTS', 'Too many logins are being checked at once; try again in a moment', undefined, { 'Retry-After': '1' });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
