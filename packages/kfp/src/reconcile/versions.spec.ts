import type { Job } from '../kfp-client/model';
import { groupVersions } from './versions';

const job = (id: string, name: string, createdAt: string): Job => ({
  id,
  name,
  description: '',
  maxConcurrency: 1,
  noCatchup: false,
  enabled: false,
  trigger: {},
  parameters: {},
  createdAt: new Date(createdAt),
});

describe('groupVersions', () => {
  it('orders versions newest first the same way whatever order the server listed them in', () => {
    // Two jobs with one name created in the same second (a retried create), and an older version.
    const jobs = [
      job('b-2', 'GIT::nightly__2024-05-02T00-00-00Z', '2024-05-02T00:00:01Z'),
      job('a-1', 'GIT::nightly__2024-05-02T00-00-00Z', '2024-05-02T00:00:01Z'),
      job('c-3', 'GIT::nightly__2024-05-01T00-00-00Z', '2024-05-01T00:00:01Z'),
    ];
    const orders = [jobs, [...jobs].reverse(), [jobs[1], jobs[2], jobs[0]]].map((listed) =>
      (groupVersions(listed).byName.get('nightly') ?? []).map((v) => v.id),
    );
    expect(orders).toEqual([
      ['b-2', 'a-1', 'c-3'],
      ['b-2', 'a-1', 'c-3'],
      ['b-2', 'a-1', 'c-3'],
    ]);
  });
});
