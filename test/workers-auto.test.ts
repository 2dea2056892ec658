import { describe, expect, it } from 'vitest';
import { coreCount, parseWorkers } from '../src/cluster.js';

describe('--workers auto', () => {
  it('is one worker on SQLite (the default database too) and one per core on PostgreSQL and MySQL/MariaDB', () => {
    expect(parseWorkers('auto', 1, '--workers', 'sqlite:///var/lib/teampro.db')).toBe(1);
    expect(parseWorkers('0', 1, '--workers', '')).toBe(1);
    expect(parseWorkers('auto', 1, '--workers', 'postgres://db/teampro')).toBe(coreCount());
    expect(parseWorkers('AUTO', 1, '--workers', 'mariadb://db/teampro')).toBe(coreCount());
  });

  it('honours a number given on SQLite', () => {
    expect(parseWorkers('2', 1, '--workers', 'sqlite:///var/lib/teampro.db')).toBe(2);
  });
});
