import { describe, expect, it } from 'vitest';
import { startingAt, taskStates } from '../../../../local/runtime/asl';

const machine = {
  StartAt: 'Ingest',
  States: {
    Ingest: { Type: 'Task', Resource: 'r', Next: 'Validate', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'ReportFailure' }] },
    ReportFailure: { Type: 'Task', Resource: 'r', Next: 'IngestFailed' },
    IngestFailed: { Type: 'Fail' },
    Validate: { Type: 'Task', Resource: 'r', Next: 'Accepted' },
    Accepted: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Build' }], Default: 'Rejected' },
    Rejected: { Type: 'Succeed' },
    Build: { Type: 'Map', ItemProcessor: { StartAt: 'RunQuery', States: { RunQuery: { Type: 'Task', Resource: 'r', End: true } } }, End: true },
  },
};

describe('startingAt (a redrive)', () => {
  it('starts at the state and keeps only what it can still reach, through Next, Choices, Default and Catch', () => {
    expect(Object.keys(startingAt(machine, 'Validate').States).sort()).toEqual(['Accepted', 'Build', 'Rejected', 'Validate']);
    expect(startingAt(machine, 'Validate').StartAt).toBe('Validate');
    expect(Object.keys(startingAt(machine, 'Ingest').States)).toHaveLength(7);
    expect(Object.keys(startingAt(machine, 'Build').States)).toEqual(['Build']);
    expect(() => startingAt(machine, 'Nope')).toThrow(/no state Nope/);
    // the definition it was given is not changed
    expect(machine.StartAt).toBe('Ingest');
  });

  it('tells the tasks inside a Map from the top-level ones', () => {
    expect(taskStates(machine).map((t) => [t.name, t.inMap])).toEqual([
      ['Ingest', false],
      ['ReportFailure', false],
      ['Validate', false],
      ['RunQuery', true],
    ]);
  });
});
