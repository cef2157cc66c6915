import { readFile } from 'node:fs/promises';
import { appendStepSummary, required, runUrl } from '../ci/actions-run';
import { planCommentBody, planMarker, upsertComment, type PlanOutcome } from '../ci/plan-comment';
import { GithubApiError, githubRestFromEnv } from '../github/rest';
import { redactSecrets } from '../utils/redact';
import { parseFlags } from './parse-flags';

const HELP = `Usage: kfp-plan-comment --plan <file> [--outcome <outcome>] [--key <name>]

Publishes the reconcile plan of a pull request: in the job summary, and as one
comment on the pull request that later runs edit instead of adding more.

Options:
  --plan <file>        the plan markdown (what \`nx affected -t plan --output=markdown\`
                       appended to GITHUB_STEP_SUMMARY; missing or empty: no team affected)
  --outcome <outcome>  how the plan step ended: success (default), failure, cancelled, skipped
  --key <name>         which plan this is, e.g. the environment: one comment per key (default: default)

Reads GITHUB_TOKEN (the job's token, with pull-requests: write), GITHUB_API_URL,
GITHUB_REPOSITORY, GITHUB_EVENT_PATH and GITHUB_RUN_ID.`;

const OUTCOMES: readonly PlanOutcome[] = ['success', 'failure', 'cancelled', 'skipped'];

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  try {
    const flags = parseFlags(argv, { plan: 'string', outcome: 'string', key: 'string' }, 'kfp-plan-comment');
    if (typeof flags.plan !== 'string') throw new Error('--plan <file> is required');
    const outcome = (flags.outcome ?? 'success') as PlanOutcome;
    if (!OUTCOMES.includes(outcome)) throw new Error(`--outcome must be one of ${OUTCOMES.join(', ')}; got "${outcome}"`);

    const plan = await readFile(flags.plan, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? '' : Promise.reject(e)));
    const pullRequest = await pullRequestOfEvent(env);
    const key = typeof flags.key === 'string' ? flags.key : 'default';
    const input = { key, plan, outcome, commit: pullRequest?.headSha ?? env.GITHUB_SHA, runUrl: runUrl(env) };
    await appendStepSummary(planCommentBody(input, Infinity), env);
    if (!pullRequest) {
      console.log('kfp-plan-comment: not a pull request; the plan is in the job summary only.');
      return 0;
    }
    const repository = required(env, 'GITHUB_REPOSITORY');
    try {
      const { action, url } = await upsertComment(githubRestFromEnv(env), repository, pullRequest.number, planMarker(key), planCommentBody(input));
      console.log(`kfp-plan-comment: ${action} the plan comment ${url}`);
    } catch (error) {
      // A pull request from a fork gets a read-only token: the summary must do.
      if (!(error instanceof GithubApiError && error.status === 403)) throw error;
      console.log(`::warning::kfp-plan-comment: cannot comment on pull request #${pullRequest.number} (${redactSecrets(error.message)}); the plan is in the job summary.`);
    }
    return 0;
  } catch (error) {
    console.error(`kfp-plan-comment: ${redactSecrets((error as Error).message)}`);
    return 1;
  }
}

/** The pull request of the event that started the run, if it was one. */
async function pullRequestOfEvent(env: NodeJS.ProcessEnv): Promise<{ number: number; headSha?: string } | undefined> {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { number?: number; head?: { sha?: string } } };
  const number = event.pull_request?.number;
  return typeof number === 'number' ? { number, headSha: event.pull_request?.head?.sha } : undefined;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
