import type { ModelFile } from '../../schemas/model';
import { numberLiteral, quoteString } from '../sql/quote';

/** Pack SQL templating: `{{min_published_count}}` and `{{var.<name>}}`, nothing else. */

export class RenderError extends Error {
  override name = 'RenderError';
}

export type Variables = Record<string, number | boolean | string>;

function literal(value: number | boolean | string): string {
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quoteString(value);
}

export interface RenderOptions {
  minPublishedCount: number;
  /** Over the model's own variables (a scenario's, a unit test's, a tenant's). */
  variables?: Variables;
}

/** One rendering of the SQL text with the given variables. */
export function renderTemplate(sql: string, vars: Variables, minPublishedCount: number, where = 'model'): string {
  return sql.replace(/\{\{\s*([a-z_.0-9]+)\s*\}\}/gi, (_m, key: string) => {
    if (key === 'min_published_count') return String(minPublishedCount);
    const name = key.startsWith('var.') ? key.slice(4) : undefined;
    const value = name === undefined ? undefined : vars[name];
    if (value === undefined) {
      throw new RenderError(`${where}: {{${key}}} is not a variable of this model (known: ${['min_published_count', ...Object.keys(vars).map((v) => `var.${v}`)].join(', ')})`);
    }
    return literal(value);
  }).replace(/\{\{|\}\}/g, (m) => {
    throw new RenderError(`${where}: a stray "${m}" in the SQL`);
  });
}

/**
 * The SQL a build runs. A model with scenarios is a simulation: one rendering per scenario, each scenario's
 * variables over the defaults, stacked with the scenario's name as the first column.
 */
export function renderModel(sql: string, file: Pick<ModelFile, 'variables' | 'scenarios'>, opts: RenderOptions, where = 'model'): string {
  const base = { ...file.variables, ...opts.variables };
  if (file.scenarios.length === 0) return renderTemplate(sql, base, opts.minPublishedCount, where);
  return file.scenarios
    .map((s) => {
      const body = renderTemplate(sql, { ...base, ...s.variables }, opts.minPublishedCount, `${where}, scenario ${s.name}`);
      return `select ${quoteString(s.name)} as scenario, scenario_rows.*\nfrom (\n${body}\n) as scenario_rows`;
    })
    .join('\nunion all\n');
}
