import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentOwner, type ProcessOwner, tempPathFor } from '../../adapters/local/process-owner';

export interface StateTiming {
  name: string;
  /** Map iteration the state ran in, when it ran inside a Map. */
  index?: number;
  enteredAt: string;
  exitedAt?: string;
  durationMs?: number;
  failed?: boolean;
  /** A retry of the state (Retry): the attempt before it is the entry before, marked failed. */
  retry?: boolean;
  /** Size of the state's input and output as JSON (UTF-8 bytes): Step Functions refuses more than 256 KiB. */
  inputBytes?: number;
  outputBytes?: number;
}

/** One execution of a state machine, as `<workspace>/runs/<executionName>.json`. */
export interface RunRecord {
  name: string;
  workflow: string;
  arn: string;
  /** RUNNING only while it runs (the file is created when it starts, so a name is taken at once). */
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
  /** The process running it (while RUNNING): the next command marks the run FAILED when that process is gone. */
  owner?: ProcessOwner;
  /**
   * The top-level state the run is in (or failed in) and the input it entered with: where a redrive resumes.
   * Written at every state transition.
   */
  current?: { state: string; input: unknown };
  /** The last top-level state whose error a Catch handled, with its input: where a redrive resumes when the run then failed in a Fail state. */
  caught?: { state: string; input: unknown };
  /** Results of the tasks inside a Map that succeeded, by state and input: what a redrive does not run again. */
  completed?: Record<string, unknown>;
  /** Like Step Functions' redriveCount: how often the run was resumed from its failed state. */
  redriveCount?: number;
  redrivenAt?: string;
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

  /**
   * Creates the record of a new execution, or returns false when the name is taken: the complete file is linked
   * under its name, which fails when the name exists (O_EXCL semantics), so of two processes reserving one name
   * exactly one gets it and nobody sees half a record.
   */
  async create(record: RunRecord): Promise<boolean> {
    return this.createExclusive(this.fileOf(record.name), `${JSON.stringify(record, null, 2)}\n`);
  }

  /** Takes a one-time claim (e.g. one redrive of a run), across processes; false when it was taken before. */
  async claim(name: string, what: string): Promise<boolean> {
    const file = `${this.fileOf(name).slice(0, -'.json'.length)}.${what}.claim`;
    return this.createExclusive(file, `${JSON.stringify(currentOwner())}\n`);
  }

  async write(record: RunRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = this.fileOf(record.name);
    const temp = tempPathFor(file, '.tmp');
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

  private async createExclusive(file: string, text: string): Promise<boolean> {
    await mkdir(this.dir, { recursive: true });
    const temp = tempPathFor(file, '.tmp');
    try {
      await writeFile(temp, text);
      await link(temp, file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await rm(temp, { force: true });
    }
  }
}
