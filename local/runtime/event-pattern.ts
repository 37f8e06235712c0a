/**
 * The part of EventBridge's content filtering the platform's rules use: exact values, alternatives
 * (arrays), prefix/suffix, anything-but, exists, equals-ignore-case, nested objects.
 */

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function matchesOne(rule: unknown, value: unknown, present: boolean): boolean {
  if (!isRecord(rule)) {
    // A literal matches the value, or any element when the event holds an array (EventBridge semantics).
    if (Array.isArray(value)) return value.some((v) => v === rule);
    return present && value === rule;
  }
  if ('exists' in rule) return rule.exists === present;
  if (!present) return false;
  const text = typeof value === 'string' ? value : undefined;
  if ('prefix' in rule) return text !== undefined && typeof rule.prefix === 'string' && text.startsWith(rule.prefix);
  if ('suffix' in rule) return text !== undefined && typeof rule.suffix === 'string' && text.endsWith(rule.suffix);
  if ('equals-ignore-case' in rule) {
    return text !== undefined && String(rule['equals-ignore-case']).toLowerCase() === text.toLowerCase();
  }
  if ('anything-but' in rule) {
    const but = rule['anything-but'];
    if (isRecord(but) && 'prefix' in but) return text === undefined || !text.startsWith(String(but.prefix));
    return !(Array.isArray(but) ? but : [but]).includes(value);
  }
  throw new Error(`event pattern operator not supported locally: ${JSON.stringify(rule)}`);
}

export function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  const body = isRecord(event) ? event : {};
  return Object.entries(pattern).every(([field, rule]) => {
    const present = field in body && body[field] !== undefined;
    const value = body[field];
    if (isRecord(rule)) return present && isRecord(value) && matchesPattern(rule, value);
    if (!Array.isArray(rule)) throw new Error(`event pattern for "${field}" must be an array or an object`);
    return rule.some((alternative) => matchesOne(alternative, value, present));
  });
}
