import { describe, expect, it } from 'vitest';
import { currentOwner, isAlive, processStartMs, tempOwner, tempPathFor } from '../../../../adapters/local/process-owner';

describe('process owners', () => {
  it('this process is alive; a pid that does not exist is not', () => {
    expect(isAlive(currentOwner())).toBe(true);
    expect(isAlive({ ...currentOwner(), pid: 2 ** 22 + 12345 })).toBe(false);
  });

  it.skipIf(processStartMs(process.pid) === undefined)('a reused pid is not the owner: its process started at another time', () => {
    const parent = process.ppid;
    expect(isAlive({ ...currentOwner(), pid: parent, startedAtMs: processStartMs(parent) })).toBe(true);
    expect(isAlive({ ...currentOwner(), pid: parent, startedAtMs: (processStartMs(parent) ?? 0) - 3_600_000 })).toBe(false);
    expect(isAlive({ ...currentOwner(), bootId: 'another-boot' })).toBe(false);
  });

  it('an owner on another machine counts as alive: it cannot be judged from here', () => {
    expect(isAlive({ pid: 2 ** 22 + 12345, host: `not-${currentOwner().host}` })).toBe(true);
  });

  it('a temp file names its writer', () => {
    const path = tempPathFor('/w/buckets/lake/raw/x.csv', '.tmp-put');
    expect(path).toMatch(/^\/w\/buckets\/lake\/raw\/x\.csv\.\d+-\d+\.[0-9a-f]{12}\.tmp-put$/);
    const name = path.split('/').pop() as string;
    expect(tempOwner(name, '.tmp-put')).toMatchObject({ pid: process.pid });
    expect(isAlive(tempOwner(name, '.tmp-put')!)).toBe(true);
    // names it did not make are left alone
    expect(tempOwner('x.csv.0123456789ab.tmp-put', '.tmp-put')).toBeUndefined();
    expect(tempOwner('x.csv', '.tmp-put')).toBeUndefined();
  });
});
