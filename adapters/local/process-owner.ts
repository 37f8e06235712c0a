import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who holds a run or a temp file: a pid alone is not enough, as pids are reused after a reboot or a wrap, so the
 * process's start time and the boot id come with it (Linux /proc; elsewhere only the pid is checked).
 */
export interface ProcessOwner {
  pid: number;
  host: string;
  /** /proc/sys/kernel/random/boot_id: a new boot means every process of the old one is gone. */
  bootId?: string;
  /** When the process started, in ms since the epoch (from /proc/<pid>/stat). */
  startedAtMs?: number;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Linux clock ticks per second for /proc times (USER_HZ, 100 on every mainstream architecture). */
const userHz = 100;

/** Start time of a process in ms since the epoch; undefined where /proc is not there or the process is not. */
export function processStartMs(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  const btime = /^btime (\d+)$/m.exec(readText('/proc/stat') ?? '')?.[1];
  if (!stat || !btime) return undefined;
  // the command name (field 2) may hold spaces and parentheses: fields count from the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  return Number.isFinite(ticks) ? Number(btime) * 1000 + (ticks * 1000) / userHz : undefined;
}

let self: ProcessOwner | undefined;

export function currentOwner(): ProcessOwner {
  self ??= {
    pid: process.pid,
    host: hostname(),
    ...(readText('/proc/sys/kernel/random/boot_id') ? { bootId: readText('/proc/sys/kernel/random/boot_id') } : {}),
    ...(processStartMs(process.pid) !== undefined ? { startedAtMs: processStartMs(process.pid) } : {}),
  };
  return self;
}

/**
 * Whether the owner may still be running. Only a process on this machine can be judged; one elsewhere (a
 * workspace on a shared disk) counts as alive.
 */
export function isAlive(owner: ProcessOwner): boolean {
  const me = currentOwner();
  if (owner.host !== me.host) return true;
  if (owner.bootId && me.bootId && owner.bootId !== me.bootId) return false;
  // start times are compared with a second's slack: /proc counts 10 ms ticks, temp file names whole seconds
  const sameStart = (started: number | undefined) => owner.startedAtMs === undefined || started === undefined || Math.abs(started - owner.startedAtMs) < 1000;
  if (owner.pid === me.pid) return sameStart(me.startedAtMs);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: a process with that pid exists but is someone else's
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // another process that got the same pid started at another time than the owner did
  return sameStart(processStartMs(owner.pid));
}

/**
 * A temp file name beside `path` that names its writer: `<path>.<pid>-<startSeconds>.<random><suffix>`, so a sweep
 * after a crash removes only files whose writer is gone (see staleTempOwner).
 */
export function tempPathFor(path: string, suffix: string): string {
  const me = currentOwner();
  const started = me.startedAtMs === undefined ? 0 : Math.round(me.startedAtMs / 1000);
  return `${path}.${me.pid}-${started}.${randomBytes(6).toString('hex')}${suffix}`;
}

/** The writer named in a temp file's name, or undefined for a name tempPathFor did not make. */
export function tempOwner(fileName: string, suffix: string): ProcessOwner | undefined {
  if (!fileName.endsWith(suffix)) return undefined;
  const match = /\.(\d+)-(\d+)\.[0-9a-f]{12}$/.exec(fileName.slice(0, -suffix.length));
  if (!match) return undefined;
  const me = currentOwner();
  const started = Number(match[2]);
  // a name written on this machine since its boot; the start time is whole seconds
  return { pid: Number(match[1]), host: me.host, ...(me.bootId ? { bootId: me.bootId } : {}), ...(started ? { startedAtMs: started * 1000 } : {}) };
}
