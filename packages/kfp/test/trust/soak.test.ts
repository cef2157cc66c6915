import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/fixture-workspace';

// The reconcile soak (npm run soak, 1,000 runs) at a size CI can afford, with
// a fixed seed: it must find no invariant violation and no non-convergence,
// and it must really have exercised every kind of fault.
jest.setTimeout(15 * 60_000);

test('a reduced, fixed-seed soak: every kind of fault happens, nothing unsafe, always converges', async () => {
  const report = join(mkdtempSync(join(tmpdir(), 'kfp-soak-test-')), 'report.json');
  const run = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'tools/soak/reconcile-soak.mjs'), '--runs', '40', '--seed', '20261130', '--quiet', '--report', report], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`, failed: error.code }));
  const result = JSON.parse(readFileSync(report, 'utf8'));
  expect({ violations: result.violations, nonConvergences: result.nonConvergences }).toEqual({ violations: [], nonConvergences: [] });
  expect('failed' in run).toBe(false);
  expect(Object.keys(result.scenarios).sort()).toEqual(['clean', 'concurrent', 'faults', 'kill']);
  for (const fault of ['HTTP 503', 'HTTP 504', '429 with Retry-After', '429 without Retry-After', 'connection reset', 'timeout, committed after the client gave up', 'committed, answer after the client gave up', 'SIGKILL']) {
    expect({ fault, seen: (result.faults[fault] ?? 0) > 0 }).toEqual({ fault, seen: true });
  }
  expect(run.stdout).toContain('| invariant violations');
});
