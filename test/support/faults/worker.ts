/** A worker for raceWorkers: prints "ready", waits for stdin to close, then runs the job and prints its result. */
export async function whenGo(job: () => Promise<unknown>): Promise<void> {
  process.stdout.write('ready\n');
  for await (const _ of process.stdin) void _;
  process.stdout.write(`${JSON.stringify(await job())}\n`);
}
