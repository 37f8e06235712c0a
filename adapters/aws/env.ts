export type Env = Record<string, string | undefined>;

export class MissingEnvironmentError extends Error {
  override name = 'MissingEnvironmentError';
  readonly variable: string;
  constructor(variable: string) {
    super(`environment variable ${variable} is not set; the CDK stack must set it on this Lambda (see adapters/aws/ports.ts)`);
    this.variable = variable;
  }
}

/** Fail fast, naming the variable, instead of calling AWS with an undefined bucket or ARN. */
export function requiredEnv(name: string, env: Env = process.env): string {
  const value = env[name]?.trim();
  if (!value) throw new MissingEnvironmentError(name);
  return value;
}
