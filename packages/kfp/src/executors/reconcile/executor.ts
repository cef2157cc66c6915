import type { ExecutorContext } from '@nx/devkit';
import { resolve } from 'node:path';
import { workspaceResolveContext } from '../../pipeline-sources/workspace-context';
import { reconcileTeam } from '../../reconcile/reconcile-team';
import { terminalConfirm } from '../../terminal/confirm';
import { redactSecrets } from '../../utils/redact';
import type { ReconcileExecutorOptions } from './schema';

/**
 * Plans and applies a team folder to its KFP namespace (`plan` is this
 * executor with dryRun). With --detailed-exitcode a dry run that finds changes
 * exits with 2, which Nx reports as a failed task.
 */
export default async function reconcileExecutor(options: ReconcileExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const projects = context.projectsConfigurations?.projects ?? {};
  const folder = options.folder ?? (context.projectName ? projects[context.projectName]?.root : undefined);
  if (folder === undefined) {
    console.error('✖ reconcile: no team folder: set the folder option or run it as a target of a team project');
    return { success: false };
  }
  try {
    const outcome = await reconcileTeam({
      folder: resolve(context.root, folder),
      sources: workspaceResolveContext(context.root, projects, process.env),
      options,
      env: process.env,
      print: (text) => console.log(redactSecrets(text)),
      confirm: terminalConfirm(process.env, options.yes),
    });
    if (outcome.exitCode === 2) process.exitCode = 2;
    return { success: outcome.exitCode === 0 };
  } catch (error) {
    console.error(`✖ ${context.projectName ?? folder}: ${redactSecrets((error as Error).message)}`);
    return { success: false };
  }
}
