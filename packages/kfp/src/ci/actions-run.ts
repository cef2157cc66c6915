// What a GitHub Actions job tells a step through its environment, and the files
// a step writes to talk back (GITHUB_ENV for later steps, GITHUB_STEP_SUMMARY
// for the run's page).

import { appendFile } from 'node:fs/promises';

/** Sets variables for the job's later steps; false outside GitHub Actions (no GITHUB_ENV). */
export async function setForLaterSteps(variables: Record<string, string>, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (!env.GITHUB_ENV) return false;
  const lines = Object.entries(variables).map(([name, value]) => {
    if (/[\r\n]/.test(value)) throw new Error(`${name} must be one line`);
    return `${name}=${value}\n`;
  });
  await appendFile(env.GITHUB_ENV, lines.join(''));
  return true;
}

/** GitHub Actions shows what is appended to $GITHUB_STEP_SUMMARY on the run's page. */
export async function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
}

/** The page of this workflow run, when running in GitHub Actions. */
export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server = 'https://github.com', GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return repository && runId ? `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}` : undefined;
}

/** A variable the job must have; names the variable when it is missing. */
export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is not set: run this in a GitHub Actions job`);
  return value;
}

/**
 * The file name of the workflow this run belongs to, from GITHUB_WORKFLOW_REF
 * (`owner/repo/.github/workflows/deploy.yaml@refs/heads/main`). In a reusable
 * workflow this is the calling workflow, whose runs are the deploys.
 */
export function workflowFile(env: NodeJS.ProcessEnv): string {
  const ref = required(env, 'GITHUB_WORKFLOW_REF');
  const file = /\/\.github\/workflows\/([^/@]+)@/.exec(ref)?.[1];
  if (!file) throw new Error(`GITHUB_WORKFLOW_REF has an unexpected form: ${ref}`);
  return file;
}
