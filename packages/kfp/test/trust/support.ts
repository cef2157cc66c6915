import { startEmulator, type EmulatorOptions, type RunningEmulator } from 'kfp-emulator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reconcileTeam, type ReconcileOptions, type ReconcileOutcome } from '../../src/reconcile/reconcile-team';
import { REPO_ROOT } from '../support/fixture-workspace';

export const TEAM = 'projects/teams/team-1';
export const RUNS = join(TEAM, 'recurring_runs.yaml');
const PROJECTS = new Map([
  ['example-pipeline-1', 'projects/pipelines/example-pipeline-1'],
  ['training-pipeline', 'projects/pipelines/training-pipeline'],
]);

/** A copy of this repository's team-1 and its pipelines, reconciled in-process against an emulator. */
export interface TeamHarness {
  root: string;
  emulator: RunningEmulator;
  /** Sets the example pipeline's cron hour (a change that makes a new version). */
  setCronHour(hour: number): void;
  reconcile(options?: ReconcileOptions): Promise<ReconcileOutcome & { printed: string }>;
  /** Versions of a recurring run in the emulator, newest name first. */
  versions(name: string): Array<{ id: string; name: string; enabled: boolean }>;
  dispose(): Promise<void>;
}

export async function teamHarness(emulatorOptions: EmulatorOptions = {}): Promise<TeamHarness> {
  const root = mkdtempSync(join(tmpdir(), 'kfp-trust-'));
  for (const path of ['projects/pipelines', 'projects/common_python', 'projects/teams']) cpSync(join(REPO_ROOT, path), join(root, path), { recursive: true });
  const baseRuns = readFileSync(join(root, RUNS), 'utf8');
  const emulator = await startEmulator(emulatorOptions);
  let clock = Date.parse('2026-11-24T12:00:00Z');
  return {
    root,
    emulator,
    setCronHour: (hour) => writeFileSync(join(root, RUNS), baseRuns.replace('cron: "0 0 0 * * *"', `cron: "0 0 ${hour} * * *"`)),
    async reconcile(options = {}) {
      const printed: string[] = [];
      clock += 60_000;
      const outcome = await reconcileTeam({
        folder: join(root, TEAM),
        sources: { workspaceRoot: root, projectRoots: PROJECTS, cacheDir: join(root, '.cache'), env: {} },
        options: { host: `${emulator.url}/pipeline`, ...options },
        env: {},
        print: (t) => printed.push(t),
        now: () => new Date(clock),
      });
      return { ...outcome, printed: printed.join('\n') };
    },
    versions: (name) =>
      emulator
        .dump()
        .jobs.filter((j) => j.name.startsWith(`GIT::${name}__`))
        .map((j) => ({ id: j.id, name: j.name, enabled: j.enabled }))
        .sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)),
    async dispose() {
      await emulator.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Names that occur more than once. */
export function duplicates(names: string[]): string[] {
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
}
