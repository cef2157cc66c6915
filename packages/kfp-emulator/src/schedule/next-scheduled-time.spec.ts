import type { StoredJob, StoredTrigger } from '../state/state';
import { maxConcurrency, NEVER, nextScheduledSec } from './next-scheduled-time';
import { fnv1a32, scheduledWorkflowName, workflowName } from './scheduled-workflow';

const sec = (iso: string) => Date.parse(iso) / 1000;
const CREATED = '2024-05-06T00:00:30Z';

function job(trigger: StoredTrigger | undefined, extra: Partial<StoredJob> = {}): StoredJob {
  return {
    id: 'j',
    seq: 1,
    name: 'j',
    swfName: 'jabcde',
    description: '',
    namespace: 'kubeflow',
    experimentId: 'e',
    serviceAccount: 'pipeline-runner',
    pipelineSpec: { parameters: [] },
    maxConcurrency: '1',
    trigger,
    enabled: true,
    noCatchup: false,
    createdMs: Date.parse(CREATED),
    updatedMs: Date.parse(CREATED),
    status: 'STATUS_UNSPECIFIED',
    lastIndex: 0,
    ...extra,
  };
}

describe('nextScheduledSec (ScheduledWorkflow.getNextScheduledEpoch)', () => {
  const hourly: StoredTrigger = { cron: { cron: '0 0 * * * *' } };

  it('cron: the next activation after the last run, or after creation, or after the start time', () => {
    expect(nextScheduledSec(job(hourly), sec(CREATED))).toBe(sec('2024-05-06T01:00:00Z'));
    expect(nextScheduledSec(job(hourly, { lastTriggeredSec: sec('2024-05-06T05:00:00Z') }), 0)).toBe(sec('2024-05-06T06:00:00Z'));
    const started = job({ cron: { cron: '0 0 * * * *', startMs: Date.parse('2024-05-07T10:30:00Z') } });
    expect(nextScheduledSec(started, sec(CREATED))).toBe(sec('2024-05-07T11:00:00Z'));
  });

  it('cron: never after the end time', () => {
    const ending = job({ cron: { cron: '0 0 * * * *', endMs: Date.parse('2024-05-06T02:00:00Z') } }, { lastTriggeredSec: sec('2024-05-06T02:00:00Z') });
    expect(nextScheduledSec(ending, sec('2024-05-06T09:00:00Z'))).toBe(NEVER);
  });

  it('without catch-up, skips to the latest time that is due', () => {
    const now = sec('2024-05-06T10:20:00Z');
    expect(nextScheduledSec(job(hourly), now)).toBe(sec('2024-05-06T01:00:00Z'));
    expect(nextScheduledSec(job(hourly, { noCatchup: true }), now)).toBe(sec('2024-05-06T10:00:00Z'));
    expect(nextScheduledSec(job({ cron: { cron: '@every 25m' } }, { noCatchup: true }), now)).toBe(sec('2024-05-06T10:00:30Z'));
  });

  it('periodic: an interval after the last run or creation; the start time itself when it is later', () => {
    const every = (extra: Partial<StoredTrigger['periodic']> = {}) => ({ periodic: { intervalSecond: '600', ...extra } });
    expect(nextScheduledSec(job(every()), 0)).toBe(sec('2024-05-06T00:10:30Z'));
    // A start time in the future is the first run; one in the past counts as the last run.
    expect(nextScheduledSec(job(every({ startMs: Date.parse('2024-05-08T00:00:00Z') }), { lastTriggeredSec: sec(CREATED) }), 0)).toBe(sec('2024-05-08T00:00:00Z'));
    expect(nextScheduledSec(job(every({ startMs: Date.parse('2024-05-01T00:00:00Z') })), 0)).toBe(sec('2024-05-01T00:10:00Z'));
    expect(nextScheduledSec(job(every({ endMs: Date.parse('2024-05-06T00:05:00Z') })), 0)).toBe(NEVER);
  });

  it('periodic without catch-up: when two intervals behind, now (or the end time, if it passed)', () => {
    const late = sec('2024-05-06T03:00:00Z');
    expect(nextScheduledSec(job({ periodic: { intervalSecond: '600' } }, { noCatchup: true }), late)).toBe(late);
    const ended = job({ periodic: { intervalSecond: '600', endMs: Date.parse('2024-05-06T01:00:00Z') } }, { noCatchup: true });
    expect(nextScheduledSec(ended, late)).toBe(sec('2024-05-06T01:00:00Z'));
  });

  it('no trigger: once, at creation', () => {
    expect(nextScheduledSec(job(undefined), 0)).toBe(sec(CREATED));
    expect(nextScheduledSec(job({}, { lastTriggeredSec: sec(CREATED) }), 0)).toBe(NEVER);
  });

  it('clamps max_concurrency to 1..10', () => {
    expect([maxConcurrency(job(hourly, { maxConcurrency: '0' })), maxConcurrency(job(hourly, { maxConcurrency: '42' }))]).toEqual([1, 10]);
  });
});

describe('ScheduledWorkflow names', () => {
  it('hashes with FNV-1a 32', () => {
    expect([fnv1a32(''), fnv1a32('a'), fnv1a32('foobar')]).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
    expect(workflowName('nightlyabcde', 3)).toBe(`nightlyabcde-3-${fnv1a32('nightlyabcde-3')}`);
  });

  it('keeps [a-z0-9-] of the lower-cased job name, cut to 25, or "job-", plus five random characters', () => {
    expect(scheduledWorkflowName('GIT::Example-Pipeline_1__2024-05-01T12-00-00Z')).toMatch(/^gitexample-pipeline12024-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(scheduledWorkflowName('::')).toMatch(/^job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});
