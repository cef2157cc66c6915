// Which teams a deploy run must reconcile. A deploy is only complete when every
// change since the last *successful* deploy has reached the cluster, so the base
// is the commit of the newest successful run of the deploy workflow on this
// branch, not the push's `before` (all zeros on a first push, and blind to runs
// that failed, were cancelled or were superseded while queued).

import { gitReason, runGit } from '../pipeline-sources/git-cli';
import type { GithubRest } from '../github/rest';

/** A run of a workflow as GitHub's REST API lists it (the fields used here). */
export interface WorkflowRun {
  id: number;
  head_sha: string;
  event: string;
  conclusion: string | null;
  html_url: string;
}

export interface DeployedCommit {
  sha: string;
  /** The run that deployed it, for messages. */
  runUrl: string;
}

export type DeployScope =
  | { teams: 'affected'; base: string; head: string; reason: string }
  | { teams: 'all'; head: string; reason: string };

export class DeployBaseError extends Error {
  override name = 'DeployBaseError';
}

export interface WorkflowIdentity {
  /** owner/repo */
  repository: string;
  /** The workflow file name, e.g. deploy.yaml. */
  workflowFile: string;
  branch: string;
  /** This run: never its own base, even if an earlier attempt of it succeeded. */
  runId: string;
}

/**
 * The newest successful run of this workflow on this branch, other than this
 * run. Runs started by pull requests deploy nothing and are skipped. GitHub
 * lists runs newest first; a run that failed and later succeeded on a re-run
 * counts as successful.
 */
export async function lastSuccessfulDeploy(api: GithubRest, where: WorkflowIdentity): Promise<DeployedCommit | undefined> {
  const query = new URLSearchParams({ branch: where.branch, status: 'success', per_page: '50', exclude_pull_requests: 'true' });
  const path = `/repos/${where.repository}/actions/workflows/${encodeURIComponent(where.workflowFile)}/runs?${query}`;
  const { workflow_runs: runs = [] } = await api.get<{ workflow_runs?: WorkflowRun[] }>(path);
  const run = runs.find((r) => r.conclusion === 'success' && !r.event.startsWith('pull_request') && String(r.id) !== where.runId);
  return run ? { sha: run.head_sha, runUrl: run.html_url } : undefined;
}

/**
 * From the last deployed commit to HEAD:
 * - nothing deployed yet (first push, new workflow): every team;
 * - deployed commit is HEAD or an ancestor: the teams affected since then;
 * - HEAD is an ancestor of the deployed commit (an old run re-run after a newer
 *   one succeeded): refuse, since it would roll the newer changes back;
 * - deployed commit missing or on another line of history (a force push): every
 *   team, since `nx affected` compares from the merge base and would miss what
 *   only the rewritten commits changed.
 */
export async function deployScope(cwd: string, head: string, deployed: DeployedCommit | undefined): Promise<DeployScope> {
  if (!deployed) return { teams: 'all', head, reason: 'no earlier successful deploy on this branch: reconciling every team' };
  const short = deployed.sha.slice(0, 12);
  if (!(await commitExists(cwd, deployed.sha))) {
    return { teams: 'all', head, reason: `the last deployed commit ${short} (${deployed.runUrl}) is not in this history (was it rewritten?): reconciling every team` };
  }
  if (await isAncestor(cwd, deployed.sha, head)) {
    const reason =
      deployed.sha === head
        ? `commit ${short} is already deployed (${deployed.runUrl}): reconciling only what changed since, which is nothing`
        : `last deployed commit ${short} (${deployed.runUrl}): reconciling the teams affected since`;
    return { teams: 'affected', base: deployed.sha, head, reason };
  }
  if (await isAncestor(cwd, head, deployed.sha)) {
    throw new DeployBaseError(
      `commit ${short}, newer than this run's commit ${head.slice(0, 12)}, is already deployed (${deployed.runUrl}). ` +
        'Deploying this older commit would roll those changes back: re-run the newest deploy instead, or revert in a new commit.',
    );
  }
  return { teams: 'all', head, reason: `the last deployed commit ${short} (${deployed.runUrl}) is not an ancestor of this commit (was history rewritten?): reconciling every team` };
}

/** A base given by hand: it must be a commit of this clone. */
export async function explicitScope(cwd: string, head: string, base: string): Promise<DeployScope> {
  const result = await runGit(['rev-parse', '--verify', '--quiet', `${base}^{commit}`], cwd);
  if (result.exitCode !== 0) throw new DeployBaseError(`base ${JSON.stringify(base)} is not a commit of this clone (fetch the full history: actions/checkout with fetch-depth: 0)`);
  return { teams: 'affected', base: result.stdout.trim(), head, reason: `base ${base} given by hand: reconciling the teams affected since` };
}

export async function headCommit(cwd: string): Promise<string> {
  const result = await runGit(['rev-parse', '--verify', 'HEAD'], cwd);
  if (result.exitCode !== 0) throw new DeployBaseError(`no HEAD commit in ${cwd}: ${gitReason(result)}`);
  return result.stdout.trim();
}

async function commitExists(cwd: string, sha: string): Promise<boolean> {
  return (await runGit(['cat-file', '-e', `${sha}^{commit}`], cwd)).exitCode === 0;
}

async function isAncestor(cwd: string, ancestor: string, descendant: string): Promise<boolean> {
  return (await runGit(['merge-base', '--is-ancestor', ancestor, descendant], cwd)).exitCode === 0;
}
