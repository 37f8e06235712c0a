import { parseArgs } from 'node:util';
import { errorText } from '../core/worded-error';
import { type Language, language as languageSchema } from '../schemas/language';
import { commands, CliError, type CommandContext } from './commands';
import { LocalRuntime } from './runtime/runtime';
import { cliWords } from './words';

/** --lang, else POLDER_LANG; unset means Dutch (and for `polder report`, the report's own language). */
function chosenLanguage(argv: string[]): { language?: Language; wrong?: string } {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const raw = i < 0 ? process.env.POLDER_LANG || undefined : argv[i]?.includes('=') ? argv[i]?.slice('--lang='.length) : argv[i + 1];
  if (raw === undefined) return {};
  const parsed = languageSchema.safeParse(raw);
  return parsed.success ? { language: parsed.data } : { wrong: raw };
}

const chosen = chosenLanguage(process.argv.slice(2));
const words = cliWords[chosen.language ?? 'nl'];

LocalRuntime.notice = (texts) => process.stderr.write(`polder: ${texts[chosen.language ?? 'nl']}\n`);

function parseOptions(argv: string[]) {
  try {
    return parseArgs({
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
        lang: { type: 'string' },
        json: { type: 'boolean', default: false },
        debug: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // node's own words for a wrong option, in the user's language
    const e = error as { code?: string; message: string };
    const option = /'(-[^' ]+)/.exec(e.message)?.[1] ?? '';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliError(words.unknownOption(option));
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new CliError(words.optionValue(option));
    throw error;
  }
}

async function main(argv: string[]): Promise<number> {
  if (chosen.wrong !== undefined) throw new CliError(words.badLanguage(chosen.wrong));
  const { values, positionals } = parseOptions(argv);
  const [name, ...args] = positionals;
  if (!name || values.help) {
    process.stdout.write(words.usage);
    return name || values.help ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new CliError(words.unknownCommand(name));
  const context: CommandContext = {
    args,
    options: values,
    language: chosen.language,
    workspace: values.workspace ?? process.env.POLDER_WORKSPACE ?? '.polder',
    projectRoot: process.cwd(),
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  };
  return command(context);
}

/** A message on one line: a list of problems (`:\n- a\n- b`) becomes `: a; b`. */
function oneLine(text: string): string {
  return text
    .replace(/:\s*\n\s*-\s+/g, ': ')
    .replace(/([.!?])?\s*\n\s*-\s+/g, (_, stop: string | undefined) => (stop ? `${stop} ` : '; '))
    .replace(/\s*\n\s*/g, ' ');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // exit code 2: the command could not do its job (1 is a rejected load); one line, the stack only with --debug
    const err = error as Error;
    const debug = process.argv.includes('--debug');
    // a ContractError is a WordedError too: the file, then per field what is wrong and what to do, in --lang
    const text = errorText(err, chosen.language ?? 'nl');
    process.stderr.write(`polder: ${debug ? (err.stack ?? String(err)) : oneLine(text)}\n`);
    process.exitCode = 2;
  },
);
