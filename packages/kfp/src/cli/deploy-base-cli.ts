import { appendStepSummary, required, setForLaterSteps, workflowFile } from '../ci/actions-run';
import { deployScope, explicitScope, headCommit, lastSuccessfulDeploy, type DeployScope } from '../ci/deploy-base';
import { githubRestFromEnv } from '../github/rest';
import { redactSecrets } from '../utils/redact';
import { parseFlags } from './parse-flags';

const HELP = `Usage: kfp-deploy-base [--all-teams] [--base <commit>]

Chooses what a deploy job of GitHub Actions reconciles: the teams affected since
the commit of the last successful run of this workflow on this branch, or every
team when nothing was deployed yet or history was rewritten. Refuses to deploy a
commit older than one already deployed.

Sets for the job's later steps (GITHUB_ENV):
  KFP_TEAMS_COMMAND   affected or run-many: run \`nx "$KFP_TEAMS_COMMAND" -t reconcile\`
  NX_BASE, NX_HEAD    the commits nx affected compares

Options:
  --all-teams         reconcile every team, whatever changed
  --base <commit>     compare with this commit instead of the last deploy

Reads GITHUB_TOKEN (the job's token, with actions: read), GITHUB_API_URL,
GITHUB_REPOSITORY, GITHUB_WORKFLOW_REF, GITHUB_REF_NAME and GITHUB_RUN_ID.`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  try {
    const flags = parseFlags(argv, { 'all-teams': 'boolean', base: 'string' }, 'kfp-deploy-base');
    const scope = await chooseScope(flags['all-teams'] === true, flags.base as string | undefined, env, cwd);
    const variables: Record<string, string> =
      scope.teams === 'all' ? { KFP_TEAMS_COMMAND: 'run-many', NX_HEAD: scope.head } : { KFP_TEAMS_COMMAND: 'affected', NX_BASE: scope.base, NX_HEAD: scope.head };
    console.log(`kfp-deploy-base: ${scope.reason}.`);
    if (!(await setForLaterSteps(variables, env))) for (const [name, value] of Object.entries(variables)) console.log(`${name}=${value}`);
    await appendStepSummary(`**Deploy:** ${scope.reason}.\n`, env);
    return 0;
  } catch (error) {
    console.error(`kfp-deploy-base: ${redactSecrets((error as Error).message)}`);
    return 1;
  }
}

async function chooseScope(allTeams: boolean, base: string | undefined, env: NodeJS.ProcessEnv, cwd: string): Promise<DeployScope> {
  const head = await headCommit(cwd);
  if (allTeams) return { teams: 'all', head, reason: 'all-teams was asked for: reconciling every team' };
  if (base) return explicitScope(cwd, head, base);
  const where = {
    repository: required(env, 'GITHUB_REPOSITORY'),
    workflowFile: workflowFile(env),
    branch: required(env, 'GITHUB_REF_NAME'),
    runId: required(env, 'GITHUB_RUN_ID'),
  };
  const deployed = await lastSuccessfulDeploy(githubRestFromEnv(env), where).catch((error: Error & { status?: number }) => {
    const hint = error.status === 403 || error.status === 404 ? ' (the calling job must grant the token `actions: read`)' : '';
    throw new Error(`cannot list the runs of ${where.workflowFile} on ${where.branch}: ${error.message}${hint}`);
  });
  return deployScope(cwd, head, deployed);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
