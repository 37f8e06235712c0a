import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalCatalog } from '../../../adapters/local/local-catalog';
import type { TableDefinition } from '../../../core/ports';
import { currentChain, eventOrder, publishVersion, RollbackError, rollbackVersion, type Version, versionHistory, versionOf } from '../../../core/table-pointer';

const table = (load: string): TableDefinition => ({
  database: 'polder_t',
  name: 'bomen',
  columns: [{ name: 'id', type: 'bigint' }],
  locations: [`s3://lake/curated/t/bomen/load=${load}/build-1/`],
  storage: { format: 'parquet' },
});
const version = (id: string, order: string, extra: Partial<Version> = {}): Version => ({ id, order, action: 'build', at: '2026-12-01T00:00:00.000Z', ...extra });

describe('core/table-pointer: a published table as a pointer', () => {
  let dir: string;
  let catalog: LocalCatalog;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'polder-versions-'));
    catalog = new LocalCatalog(dir);
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('orders events by time, then sequencer, then load id', () => {
    const a = eventOrder({ receivedAt: '2026-12-01T10:00:00Z', sequencer: 'FF', loadId: 'b' });
    const b = eventOrder({ receivedAt: '2026-12-01T10:00:00Z', sequencer: '100', loadId: 'a' });
    const c = eventOrder({ receivedAt: '2026-12-01T10:00:01Z', sequencer: '1', loadId: 'a' });
    expect([c, b, a].sort()).toEqual([a, b, c]);
  });

  it('replace: an older event does not move the pointer over a newer one, a retry of the same version does', async () => {
    expect(await publishVersion(catalog, table('b'), version('b', '2'), { kind: 'newest' })).toEqual({ published: true });
    const older = await publishVersion(catalog, table('a'), version('a', '1'), { kind: 'newest' });
    expect(older).toMatchObject({ published: false, reason: 'superseded', current: { id: 'b' } });
    expect(versionOf(await catalog.getTable('polder_t', 'bomen'))?.id).toBe('b');
    expect((await publishVersion(catalog, table('b'), version('b', '2'), { kind: 'newest' })).published).toBe(true);
  });

  it('append: publishes only on the version it was built on; otherwise stale', async () => {
    await publishVersion(catalog, table('a'), version('a', '1'), { kind: 'on', basedOn: undefined });
    const stale = await publishVersion(catalog, table('c'), version('c', '3', { basedOn: undefined }), { kind: 'on', basedOn: undefined });
    expect(stale).toMatchObject({ published: false, reason: 'stale', current: { id: 'a' } });
    expect((await publishVersion(catalog, table('c'), version('c', '3', { basedOn: 'a' }), { kind: 'on', basedOn: 'a' })).published).toBe(true);
    expect(currentChain(await versionHistory(catalog, 'polder_t', 'bomen')).map((v) => v.id)).toEqual(['c', 'a']);
  });

  it('rolls back to the version before, or to a named one, and refuses one the table never had', async () => {
    for (const [id, order] of [['a', '1'], ['b', '2'], ['c', '3']] as const) await publishVersion(catalog, table(id), version(id, order), { kind: 'newest' });
    const back = await rollbackVersion(catalog, 'polder_t', 'bomen', { now: new Date('2026-12-02T00:00:00Z') });
    expect([back.from.id, back.to.id]).toEqual(['c', 'b']);
    expect((await catalog.getTable('polder_t', 'bomen'))?.locations).toEqual(table('b').locations);
    await rollbackVersion(catalog, 'polder_t', 'bomen', { to: 'a', now: new Date() });
    expect((await versionHistory(catalog, 'polder_t', 'bomen')).map((v) => `${v.id}:${v.action}`)).toEqual(['a:build', 'b:build', 'c:build', 'b:rollback', 'a:rollback']);
    await expect(rollbackVersion(catalog, 'polder_t', 'bomen', { to: 'x', now: new Date() })).rejects.toBeInstanceOf(RollbackError);
    await expect(rollbackVersion(catalog, 'polder_t', 'nieuw', { now: new Date() })).rejects.toThrow(/no published version/);
  });

  it('deletes a table and its history', async () => {
    await publishVersion(catalog, table('a'), version('a', '1'), { kind: 'newest' });
    await catalog.deleteTable('polder_t', 'bomen');
    await catalog.deleteTable('polder_t', 'bomen');
    expect(await catalog.getTable('polder_t', 'bomen')).toBeUndefined();
    expect(await catalog.tableHistory('polder_t', 'bomen')).toEqual([]);
  });
});
