import { skipQuoted } from '../sql/scan';
import { parseTrino } from '../sql/trino';

/**
 * An `expression` rule is user-written Trino, pasted into the checks query inside parentheses. It must stay one
 * boolean expression: no `;`, no comments (they could swallow the closing parenthesis), no subqueries (they could
 * read other tables), and parentheses must balance so the text cannot close ours.
 */
export function expressionProblems(sql: string): string[] {
  const problems: string[] = [];
  let depth = 0;
  let bare = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] ?? '';
    if (ch === "'" || ch === '"') {
      const end = skipQuoted(sql, i, ch);
      if (end < 0) {
        problems.push(`unterminated ${ch === "'" ? 'string literal' : 'quoted name'}`);
        break;
      }
      bare += ' ';
      i = end;
      continue;
    }
    if (ch === ';') problems.push('contains ";": only one expression is allowed');
    if ((ch === '-' && sql[i + 1] === '-') || (ch === '/' && sql[i + 1] === '*')) problems.push('contains a comment');
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) {
      problems.push('has a ")" without a matching "("');
      depth = 0;
    }
    bare += ch;
  }
  if (depth > 0) problems.push('has a "(" without a matching ")"');
  if (/\b(select|values|table|with)\b/i.test(bare.replace(/\bwith\s+time\s+zone\b/gi, ''))) {
    problems.push('contains a subquery (select/values/table/with): only expressions over the row are allowed');
  }
  if (problems.length > 0) return [...new Set(problems)];
  const parsed = parseTrino(`select (${sql}) as ok from t`);
  return parsed.ok ? [] : parsed.errors.map((e) => `does not parse as Trino: ${e}`);
}
