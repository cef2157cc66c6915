import type { ExecutorContext } from '@nx/devkit';
import { findRenderTarget } from '../../pipeline/render-target';
import { redactSecrets } from '../../utils/redact';
import type { PipelineRenderSettings } from '../../render/render-project';
import { runPipeline, runSucceeded } from '../../run/run-pipeline';
import type { RunExecutorOptions } from './schema';

/** Starts a one-off run of the project's committed render on a KFP cluster. */
export default async function runExecutor(options: RunExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const project = context.projectName!;
  const config = context.projectsConfigurations!.projects[project];
  const json = options.output === 'json';
  // In JSON mode stdout carries exactly one object; progress goes to stderr.
  const log = (line: string) => (json ? console.error : console.log)(redactSecrets(line));
  const render = renderTargetOf(config.targets ?? {});
  try {
    const result = await runPipeline({
      project,
      projectRoot: config.root,
      workspaceRoot: context.root,
      render: render.options,
      renderCommand: `nx run ${project}:${render.name}`,
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

/** The render target (it may be renamed: found by its executor). */
function renderTargetOf(targets: Record<string, { executor?: string; options?: unknown }>): { name: string; options: PipelineRenderSettings } {
  const found = findRenderTarget(targets);
  return { name: found?.[0] ?? 'render', options: (found?.[1].options ?? {}) as PipelineRenderSettings };
}
