/**
 * For fault tests only: `POLDER_FAULT_PAUSE_AT=<workflow>.<State>` makes the offline runtime stop before running
 * that Task state (after its run record says so) and wait until it is killed, so a test can `kill -9` the process
 * at a known state instead of at a random moment.
 */
export const pauseAtVariable = 'POLDER_FAULT_PAUSE_AT';

export async function pauseIfAsked(workflow: string, state: string): Promise<void> {
  if (process.env[pauseAtVariable] !== `${workflow}.${state}`) return;
  process.stderr.write(`polder: paused at ${workflow}.${state} (pid ${process.pid})\n`);
  await new Promise(() => setInterval(() => undefined, 60_000));
}
