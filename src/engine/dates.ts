import { invalidParams } from '../errors.js';

/** Refuses a finish before the start (either may be unset). */
export function assertDateOrder(start: number | null | undefined, finish: number | null | undefined): void {
  if (start !== null && start !== undefined && finish !== null && finish !== undefined && finish < start) {
    throw invalidParams([{ param: 'date_finish', message: 'must not be before date_start' }]);
  }
}
