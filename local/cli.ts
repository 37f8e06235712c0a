import { parseArgs } from 'node:util';
import { ContractError } from '../core/contract/parse';
import { commands, CliError, type CommandContext } from './commands';
import { LocalRuntime } from './runtime/runtime';

const usage = `polder — data pipelines for municipalities, offline on this machine

usage: npm run polder -- <command> [options]

commands:
  demo                                   run the bundled sample end to end (also: npm start)
  upload <file> --tenant T --dataset D   drop a file in the landing bucket and run the pipeline
         [--contract C]                  … checked against your own contract
  validate <file> (--dataset D [--tenant T] | --contract C) [--out DIR]
                                         check a file without uploading it; same rules, same report
                                         (--out keeps report.json and report.html; nothing else stays behind)
  report <load-id>                       print the validation report of a load
  runs [--tenant T]                      the run history, with the status of each stage
  rerun <run>                            resume a failed run from the state it failed in (like a redrive)
  sources [--tenant T]                   the register of data sources (report level 1)
  links --tenant T                       the match report of every declared link (latest run)
  query "<sql>" --tenant T [--format table|csv|json]
                                         query the local tables (Trino SQL); values as the engine has them
  contract infer <file> --dataset D [--out F]
                                         write a draft contract from a sample file
  retention run [--tenant T] [--as-of TIME]
                                         delete loads past their retention, in every zone; audit record
  erase --tenant T --dataset D --where <column>=<value>
                                         erase a person's rows from curated loads, marts and results
  privacy register --tenant T [--format md|html|json]
                                         the privacy register (AVG art. 30), with "DPIA needed"
  test [--pack P]                        check the model graphs and run the models' unit tests
  rollback <table> --tenant T [--to RUN] point a mart or result table back at an earlier build
  rollback --tenant T --dataset D [--to LOAD]
                                         point a dataset's table back at an earlier load (default: the one before)
  contract overrides [--tenant T] [--remove D]
                                         list the contracts given with --contract, or remove one

options:
  --workspace DIR   where the local buckets, catalog and runs live (default ./.polder, or POLDER_WORKSPACE)
  --json            machine-readable output
  --debug           show the stack trace of an error

exit codes: 0 done (a load accepted), 1 a load rejected, 2 an error
`;

LocalRuntime.notice = (text) => process.stderr.write(`polder: ${text}\n`);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      dataset: { type: 'string' },
      contract: { type: 'string' },
      workspace: { type: 'string' },
      out: { type: 'string' },
      'as-of': { type: 'string' },
      where: { type: 'string' },
      format: { type: 'string' },
      pack: { type: 'string' },
      remove: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [name, ...args] = positionals;
  if (!name || values.help) {
    process.stdout.write(usage);
    return name || values.help ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new CliError(`unknown command "${name}"; run with --help to see the commands`);
  const context: CommandContext = {
    args,
    options: values,
    workspace: values.workspace ?? process.env.POLDER_WORKSPACE ?? '.polder',
    projectRoot: process.cwd(),
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  };
  return command(context);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // exit code 2: the command could not do its job (1 is a rejected load); one line, the stack only with --debug
    const err = error as Error;
    const debug = process.argv.includes('--debug');
    const text = err instanceof ContractError ? `${err.source}: ${err.problems.join('; ')}` : (err.message ?? String(err));
    process.stderr.write(`polder: ${debug ? (err.stack ?? String(err)) : text.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exitCode = 2;
  },
);
