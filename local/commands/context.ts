export class CliError extends Error {
  override name = 'CliError';
}

export interface CommandContext {
  args: string[];
  options: { tenant?: string; dataset?: string; contract?: string; out?: string; json?: boolean; 'as-of'?: string; where?: string; format?: string; pack?: string; to?: string; remove?: string; debug?: boolean };
  workspace: string;
  projectRoot: string;
  out(text: string): void;
}

export type Command = (context: CommandContext) => Promise<number>;

export function required(value: string | undefined, what: string): string {
  if (!value) throw new CliError(`missing ${what}`);
  return value;
}
