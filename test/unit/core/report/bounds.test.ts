import { describe, expect, it } from 'vitest';
import { boundFinding, maxExamples, maxTextChars, maxValueChars } from '../../../../core/report/bounds';
import type { Finding } from '../../../../schemas/payloads';

const huge = 'x'.repeat(150_000);
const finding: Finding = {
  code: 'type',
  rule: 'type',
  severity: 'reject_row',
  column: 'opmerking',
  count: 9,
  examples: Array.from({ length: 9 }, (_, i) => ({ line: i + 2, value: huge })),
  message: `9 rijen apart gezet: OPMERKING "${huge}" is geen geheel getal.`,
  advice: 'Verbeter de waarden.',
  detail: huge,
};

describe('boundFinding', () => {
  it('cuts values and texts so that a finding stays small, saying in Dutch how much was left out', () => {
    const bound = boundFinding(finding, 'nl');
    expect(bound.examples).toHaveLength(maxExamples);
    expect(bound.examples[0]?.value).toBe(`${'x'.repeat(maxValueChars)}… (+149.800 tekens)`);
    expect(bound.message.length).toBeLessThan(maxTextChars + 30);
    expect(bound.detail).toMatch(/… \(\+149\.000 tekens\)$/);
    expect(bound.advice).toBe('Verbeter de waarden.');
    expect(JSON.stringify(bound).length).toBeLessThan(5_000);
  });

  it('in English on request', () => {
    expect(boundFinding(finding, 'en').examples[0]?.value).toMatch(/… \(\+149,800 chars\)$/);
  });
});
