import { startEmulator, type EmulatorOptions, type RunningEmulator } from 'kfp-emulator';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reconcileTeam, type ReconcileOptions, type ReconcileOutcome } from '../../src/reconcile/reconcile-team';
import { repoPipelineProjects, REPO_ROOT } from '../support/fixture-workspace';
import { formatProblems } from '../../src/config-file/problems';
import { validateTeam, type ValidateTeamResult } from '../../src/validate/validate-team';

export const TEAM = 'projects/teams/team-1';
export const RUNS = join(TEAM, 'recurring_runs.yaml');
const PROJECTS = repoPipelineProjects();

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

/** The user of a multi-user harness: a member of team-1, with a bearer token. */
export const TEAM_USER = { name: 'ops@example.com', tokens: ['team-1-token'], namespaces: ['team-1'] };

/** With `multiUser`, a multi-user emulator (namespaces, identities) and the team user's token. */
export async function teamHarness(emulatorOptions: EmulatorOptions & { teamUser?: boolean } = {}): Promise<TeamHarness> {
  const root = mkdtempSync(join(tmpdir(), 'kfp-trust-'));
  for (const path of ['projects/pipelines', 'projects/common_python', 'projects/teams']) cpSync(join(REPO_ROOT, path), join(root, path), { recursive: true });
  const baseRuns = readFileSync(join(root, RUNS), 'utf8');
  const { teamUser, ...options } = emulatorOptions;
  const emulator = await startEmulator(teamUser ? { ...options, multiUser: { users: [TEAM_USER] } } : options);
  const env: NodeJS.ProcessEnv = teamUser ? { KFP_TOKEN: TEAM_USER.tokens[0] } : {};
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
        env,
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

const FIXTURE_RENDER = join(__dirname, '../validate/fixtures/projects/example-pipeline/RENDERED_PIPELINE');
export const SOURCE_TEAM = 'teams/team-a';

/** A workspace in a temp folder: pipeline project `pipe` (a real KFP v1 render), a project `linked` for tests to create, and team teams/team-a, validated in-process. */
export interface SourceWorkspace {
  root: string;
  /** Writes the team's recurring_runs.yaml: one run of this pipeline_source with these pipeline_parameters. */
  setRun(source: string, parameters?: string): void;
  /** validate, with a fresh source cache (so every read reaches its server); problems as printed. */
  validate(env?: Record<string, string>): Promise<{ printed: string; result: ValidateTeamResult }>;
  dispose(): void;
}

export function sourceWorkspace(): SourceWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'kfp-trust-sources-'));
  cpSync(FIXTURE_RENDER, join(root, 'pipelines/pipe/RENDERED_PIPELINE'), { recursive: true });
  mkdirSync(join(root, SOURCE_TEAM), { recursive: true });
  writeFileSync(join(root, SOURCE_TEAM, 'experiments.yaml'), 'experiments:\n  - name: nightly\n');
  let caches = 0;
  return {
    root,
    setRun(source, parameters = '[{name: custom_message, value: hi}]') {
      writeFileSync(
        join(root, SOURCE_TEAM, 'recurring_runs.yaml'),
        `recurring_runs:\n  - pipeline_source: ${source}\n    pipeline_parameters: ${parameters}\n    job: {enabled: true, name: report, experiment: nightly, max_concurrency: 1, trigger: {catchup: false, cron: "0 0 2 * * *"}}\n`,
      );
    },
    async validate(env = {}) {
      const result = await validateTeam(join(root, SOURCE_TEAM), {
        workspaceRoot: root,
        projectRoots: new Map([
          ['pipe', 'pipelines/pipe'],
          ['linked', 'pipelines/linked'],
        ]),
        cacheDir: join(root, `.cache-${caches++}`),
        env,
      });
      return { printed: formatProblems(result.problems), result };
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Processes whose command line holds `needle` or whose working folder is inside `folder` (Linux /proc). */
export function processesOf(folder: string, needle: string): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (command !== '' && (command.includes(needle) || cwd === folder || cwd.startsWith(`${folder}/`))) found.push({ pid, command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}
