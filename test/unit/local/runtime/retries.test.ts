import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../../infra/app-builder';
import { RunStore } from '../../../../local/runtime/run-record';
import { Runner, TaskError } from '../../../../local/runtime/runner';
import { resolveTemplate } from '../../../../local/runtime/template';

describe('the offline interpreter runs the retries the CDK app emits', () => {
  let workspace: string;
  afterAll(async () => rm(workspace, { recursive: true, force: true }));

  it('a throttled Lambda task is retried (backoff, full jitter, cap) and the run goes on', async () => {
    workspace = await mkdtemp(join(tmpdir(), 'polder-retries-'));
    const resolved = resolveTemplate(Template.fromStack(buildApp({ bundle: false }).platform).toJSON());
    const calls: string[] = [];
    const runner = new Runner(
      resolved.machines,
      {
        invokeLambda: async (id, payload) => {
          const name = resolved.functions[id] as string;
          calls.push(name);
          // the first two tries of the pre-check are throttled, as a burst of uploads would be
          if (name === 'precheck' && calls.filter((c) => c === name).length <= 2) throw new TaskError('Lambda.TooManyRequestsException', 'Rate exceeded');
          if (name === 'precheck') return { ...(payload as object), status: 'rejected' };
          return { status: 'rejected' };
        },
        runQuery: async () => {
          throw new Error('no query expected');
        },
      },
      new RunStore(workspace),
    );
    const run = await runner.start('validate', { tenant: 't' }, { name: 'v1' });
    expect(run.status, run.cause).toBe('SUCCEEDED');
    expect(calls).toEqual(['precheck', 'precheck', 'precheck', 'write-report']);
    // the history shows each attempt: two failed, then the retry that went through
    expect(run.states.filter((st) => st.name === 'Precheck').map((st) => [Boolean(st.failed), Boolean(st.retry)])).toEqual([
      [true, false],
      [true, true],
      [false, true],
    ]);
    // full jitter: the two waits together are at most 2 s + 4 s
    expect(run.durationMs).toBeLessThan(6_000 + 2_000);
  });
});
