import { contract } from './contract';
import type { Command } from './context';
import { demo } from './demo';
import { erase } from './erase';
import { links } from './links';
import { privacy } from './privacy';
import { query } from './query';
import { report } from './report';
import { rerun } from './rerun';
import { retention } from './retention';
import { rollback } from './rollback';
import { runs } from './runs';
import { sources } from './sources';
import { test } from './test';
import { upload } from './upload';
import { validate } from './validate';

export { CliError, type CommandContext } from './context';

export const commands: Record<string, Command> = { demo, upload, validate, report, runs, rerun, sources, links, query, contract, retention, erase, privacy, test, rollback };
