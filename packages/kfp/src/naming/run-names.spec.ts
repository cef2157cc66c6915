import { gitVersionName, manualRunName, parseGitVersionName, utcStamp } from './run-names';

const when = new Date('2026-11-23T09:05:07.891Z');

test('names follow the reference design', () => {
  expect(utcStamp(when)).toBe('2026-11-23T09-05-07Z');
  expect(manualRunName('example_pipeline_1', when)).toBe('MANUAL::example_pipeline_1__2026-11-23T09-05-07Z');
  expect(gitVersionName('example-pipeline-1', when)).toBe('GIT::example-pipeline-1__2026-11-23T09-05-07Z');
});

test('parsing is greedy on the name and anchored on the timestamp', () => {
  expect(parseGitVersionName('GIT::a__b__2026-11-23T09-05-07Z')).toEqual({ name: 'a__b', stamp: '2026-11-23T09-05-07Z' });
  expect(parseGitVersionName(gitVersionName('x', when))).toEqual({ name: 'x', stamp: '2026-11-23T09-05-07Z' });
  expect(parseGitVersionName('MANUAL::x__2026-11-23T09-05-07Z')).toBeUndefined();
  expect(parseGitVersionName('GIT::x__2026-11-23T09:05:07Z')).toBeUndefined();
  expect(parseGitVersionName('GIT::x__2026-11-23T09-05-07Z-extra')).toBeUndefined();
});
