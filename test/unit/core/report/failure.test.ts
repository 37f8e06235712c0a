import { describe, expect, it } from 'vitest';
import { failureReport, maxFailureText } from '../../../../core/report/failure';

const input = {
  tenant: 'gemeente-a',
  dataset: 'bomen',
  loadId: '20261201t120000-abcdef0123',
  landing: { bucket: 'landing', key: 'gemeente-a/bomen/sub/bomen.csv', versionId: 'v1', size: 10 },
  receivedAt: '2026-12-01T12:00:00Z',
};
const now = new Date('2026-12-01T12:01:00Z');

describe('failureReport', () => {
  it('keeps the type and message of a Lambda error, never its trace', () => {
    const cause = JSON.stringify({ errorType: 'NoSuchKey', errorMessage: 'no object s3://landing/x', trace: ['NoSuchKey: …', '    at copy (ingest.ts:40)'] });
    const report = failureReport({ ...input, failure: { Error: 'NoSuchKey', Cause: cause } }, 'ingest', now);
    expect(report).toMatchObject({
      status: 'failed',
      step: 'ingest',
      error: 'NoSuchKey',
      message: 'no object s3://landing/x',
      fileName: 'sub/bomen.csv',
      upload: { bucket: 'landing', key: input.landing.key, versionId: 'v1' },
      createdAt: '2026-12-01T12:01:00.000Z',
    });
    expect(JSON.stringify(report)).not.toContain('ingest.ts:40');
  });

  it('says what happened and what to do in Dutch by default, in English on request', () => {
    const failure = { Error: 'Sandbox.Timedout', Cause: 'Task timed out after 900.00 seconds' };
    expect(failureReport({ ...input, failure }, 'ingest', now)).toMatchObject({
      language: 'nl',
      summary: 'sub/bomen.csv is niet ingelezen: de stap ingest liep vast. Er is niets gepubliceerd.',
      advice: expect.stringMatching(/^Het bestand is bewaard zoals het is aangeleverd, er gaat niets verloren\./),
      message: 'Task timed out after 900.00 seconds',
    });
    expect(failureReport({ ...input, failure }, 'ingest', now, 'en')).toMatchObject({
      language: 'en',
      summary: 'sub/bomen.csv was not taken in: the ingest step failed. Nothing was published.',
      advice: expect.stringMatching(/^The upload was not taken in and nothing was published/),
    });
  });

  it('keeps a plain cause (a timeout) as it is, clipped', () => {
    const report = failureReport({ ...input, failure: { Error: 'Sandbox.Timedout', Cause: 'x'.repeat(5000) } }, 'ingest', now);
    expect(report.error).toBe('Sandbox.Timedout');
    expect(report.message.length).toBe(maxFailureText + 1);
  });
});
