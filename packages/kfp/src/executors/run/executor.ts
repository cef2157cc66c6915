import type { ExecutorContext } from '@nx/devkit';
import { redactSecrets } from '../../utils/redact';
import type { RenderExecutorOptions } from '../render/options';
import type { RunExecutorOptions } from './options';
import { runPipeline, runSucceeded } from './run-pipeline';

/** Starts a one-off run of the project's committed render on a KFP cluster. */
export default async function runExecutor(options: RunExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const project = context.projectName!;
  const config = context.projectsConfigurations!.projects[project];
  const json = options.output === 'json';
  // In JSON mode stdout carries exactly one object; progress goes to stderr.
  const log = (line: string) => (json ? console.error : console.log)(redactSecrets(line));
  try {
    const result = await runPipeline({
      project,
      projectRoot: config.root,
      workspaceRoot: context.root,
      render: renderOptionsOf(config.targets ?? {}),
      options,
      env: process.env,
      log,
    });
    const success = runSucceeded(result, options.wait ?? false);
    if (json) console.log(JSON.stringify(result));
    else if (options.wait) {
      const line = `${success ? '✔' : '✖'} ${result.runName} ${result.status}${result.error ? `: ${result.error}` : ''}\n  ${result.url}`;
      (success ? console.log : console.error)(line);
    }
    return { success };
  } catch (error) {
    console.error(`✖ ${project}: ${redactSecrets((error as Error).message)}`);
    return { success: false };
  }
}

/** The render target's options (it may be renamed: found by its executor). */
function renderOptionsOf(targets: Record<string, { executor?: string; options?: unknown }>): RenderExecutorOptions {
  const render = Object.values(targets).find((t) => t.executor === 'kfp:render');
  return (render?.options ?? {}) as RenderExecutorOptions;
}
