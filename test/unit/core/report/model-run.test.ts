import { describe, expect, it } from 'vitest';
import { modelLines } from '../../../../core/report/model-run';
import { type PublishOutput, publishOutput } from '../../../../schemas/payloads';

const check = (passed: boolean) => ({ kind: 'not_null', name: 'id', failures: passed ? 0 : 2, passed, message: passed ? 'id is gevuld' : 'id is leeg in 2 rijen' });
const built: PublishOutput[] = [
  publishOutput.parse({ name: 'mart_a', table: 'mart_a', location: 's3://lake/marts/a/', rowsIn: 3000, rowsOut: 3000 }),
  publishOutput.parse({
    name: 'mart_b',
    table: 'mart_b',
    location: 's3://lake/marts/b/',
    rowsIn: 2088,
    rowsOut: 2088,
    published: false,
    check: { model: 'mart_b', table: 'mart_b', rowsOut: 2088, inputs: { trees: 2088 }, tests: [check(true), check(false)], reconciliations: [], passed: false },
  }),
];

describe('modelLines', () => {
  it('says per model what it built, in Dutch by default', () => {
    expect(modelLines(built)).toEqual([
      'mart_a: 3.000 rijen',
      'mart_b: 2.088 rijen uit trees 2.088; tests 1/2; faalt: id is leeg in 2 rijen; NIET gepubliceerd, de vorige versie blijft de huidige',
    ]);
  });

  it('in English on request', () => {
    expect(modelLines(built, 'en')).toEqual([
      'mart_a: 3,000 rows',
      'mart_b: 2,088 rows from trees 2,088; tests 1/2; fails: id is leeg in 2 rijen; NOT published, the previous version stays current',
    ]);
  });
});
