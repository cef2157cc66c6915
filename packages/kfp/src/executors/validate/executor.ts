import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { workspaceResolveContext } from '../../pipeline-sources/workspace-context';
import { formatJsonReport, formatTextReport, validationPassed } from '../../validate/report';
import { validateTeam } from '../../validate/validate-team';
import type { ValidateExecutorOptions } from './schema';

/** Validates a team folder offline; fails on any error (or warning, with --strict). */
export default async function validateExecutor(options: ValidateExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const projects = context.projectsConfigurations?.projects ?? {};
  const projectRoot = context.projectName ? projects[context.projectName]?.root : undefined;
  const folder = options.folder ?? projectRoot;
  if (folder === undefined) {
    console.error('✖ validate: no team folder: set the folder option or run it as a target of the team project');
    return { success: false };
  }
  const strict = options.strict ?? false;
  const result = await validateTeam(path.resolve(context.root, folder), workspaceResolveContext(context.root, projects, process.env));
  const success = validationPassed(result.problems, strict);
  if (options.output === 'json') {
    process.stdout.write(`${formatJsonReport(result, strict)}\n`);
  } else {
    const text = formatTextReport(folder, result, strict);
    (success ? console.log : console.error)(text);
  }
  return { success };
}
