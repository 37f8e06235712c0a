import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StateTiming {
  name: string;
  /** Map iteration the state ran in, when it ran inside a Map. */
  index?: number;
  enteredAt: string;
  exitedAt?: string;
  durationMs?: number;
  failed?: boolean;
}

/** One execution of a state machine, as `<workspace>/runs/<executionName>.json`. */
export interface RunRecord {
  name: string;
  workflow: string;
  arn: string;
  /** RUNNING only while it runs (the file is written when it starts, so a name is taken at once). */
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  startedAt: string;
  stoppedAt?: string;
  durationMs?: number;
  /** Execution name of the run that started this one. */
  parent?: string;
  children: string[];
  states: StateTiming[];
}

const safeName = /^[A-Za-z0-9_-]{1,200}$/;

/** Run records on disk; writes are atomic so a reader never sees half a record. */
export class RunStore {
  readonly dir: string;

  constructor(workspace: string) {
    this.dir = join(workspace, 'runs');
  }

  fileOf(name: string): string {
    if (!safeName.test(name)) throw new Error(`not an execution name: "${name}"`);
    return join(this.dir, `${name}.json`);
  }

  async write(record: RunRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = this.fileOf(record.name);
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`);
    await rename(temp, file);
  }

  async read(name: string): Promise<RunRecord | undefined> {
    try {
      return JSON.parse(await readFile(this.fileOf(name), 'utf8')) as RunRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async list(): Promise<RunRecord[]> {
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
    const records = await Promise.all(files.map((f) => this.read(f.slice(0, -'.json'.length))));
    return records
      .filter((r): r is RunRecord => r !== undefined)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.name.localeCompare(b.name));
  }
}
