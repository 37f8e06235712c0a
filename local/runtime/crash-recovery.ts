import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlive, tempOwner } from '../../adapters/local/process-owner';
import type { RunRecord, RunStore } from './run-record';

/** The error of a run whose process ended without finishing it (kill -9, power cut, out of memory). */
export const processGoneError = 'Polder.ProcessGone';

/**
 * Marks every RUNNING run whose process is gone FAILED at the state it died in, as the service would have
 * reported a failed state: the open states are marked failed and the run can be redriven from there
 * (`polder rerun`). Runs of live processes, also other commands running now, are left alone. Returns the runs it
 * marked.
 */
export async function failOrphanedRuns(runs: RunStore): Promise<RunRecord[]> {
  const marked: RunRecord[] = [];
  for (const record of await runs.list()) {
    if (record.status !== 'RUNNING' || !record.owner || isAlive(record.owner)) continue;
    // the last write is the last sign of life: the process died after it
    const lastSeen = (await stat(runs.fileOf(record.name))).mtime;
    const state = record.current?.state;
    for (const open of record.states) if (open.exitedAt === undefined) open.failed = true;
    record.status = 'FAILED';
    record.error = processGoneError;
    record.cause =
      `the process that ran this execution (pid ${record.owner.pid}) ended ${state ? `in state ${state}` : 'before its first state'}` +
      ` without finishing it; last seen ${lastSeen.toISOString()}`;
    record.stoppedAt = lastSeen.toISOString();
    record.durationMs = lastSeen.getTime() - Date.parse(record.startedAt);
    await runs.write(record);
    marked.push(record);
  }
  return marked;
}

/**
 * Removes temp files (`*.tmp-put` beside objects, `*.tmp` beside catalog and run records) whose writer is gone.
 * A temp file names its writer (process-owner.ts: tempPathFor), so one a live process is writing stays.
 */
export async function removeOrphanedTemps(folders: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const folder of folders) {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const owner = tempOwner(entry.name, '.tmp-put') ?? tempOwner(entry.name, '.tmp');
      if (!owner || isAlive(owner)) continue;
      const path = join(entry.parentPath, entry.name);
      await rm(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}
