import type { MethodName } from '../method-table.js';
import type { SendOptions, Transport } from '../transport.js';

/** What every resource group shares: calls through one transport, records unwrapped from their key. */
export abstract class Resource {
  constructor(protected readonly transport: Transport) {}

  /** A call whose reply holds one record under `key` (`project`, `action`, …); returns that record. */
  protected async one<T>(name: MethodName, params: object, key: string, send?: SendOptions): Promise<T> {
    const response = await this.transport.call(name, params as Record<string, unknown>, send);
    return response[key] as T;
  }

  /** A list or combined call; returns the whole `response` (`data` plus the records). */
  protected async page<T>(name: MethodName, params: object): Promise<T> {
    return (await this.transport.call(name, params as Record<string, unknown>)) as T;
  }
}
