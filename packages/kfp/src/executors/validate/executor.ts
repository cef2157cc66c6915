import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import type { ValidateExecutorOptions } from './options';
import { formatJsonReport, formatTextReport, validationPassed } from './report';
import { defaultSourceCacheDir } from '../../pipeline-sources/cache-dir';
import { validateTeam } from './validate-team';

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
  const result = await validateTeam(path.resolve(context.root, folder), {
    workspaceRoot: context.root,
    projectRoots: new Map(Object.entries(projects).map(([name, config]) => [name, config.root])),
    cacheDir: defaultSourceCacheDir(context.root, process.env),
    env: process.env,
  });
  const success = validationPassed(result.problems, strict);
  if (options.output === 'json') {
    process.stdout.write(`${formatJsonReport(result, strict)}\n`);
  } else {
    const text = formatTextReport(folder, result, strict);
    (success ? console.log : console.error)(text);
  }
  return { success };
}
