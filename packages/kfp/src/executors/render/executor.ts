import type { ExecutorContext } from '@nx/devkit';
import { resolveInterpreter } from '../../python/interpreter';
import { RenderServer } from '../../python/render-server';
import { formatRenderReport } from '../../render/format-render-report';
import { renderProject } from '../../render/render-project';
import type { RenderExecutorOptions } from './schema';

/** Renders one pipeline project. In a batch (the default for run-many/affected) batch.ts is used instead. */
export default async function renderExecutor(options: RenderExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const project = context.projectName!;
  const root = context.projectsConfigurations!.projects[project].root;
  let server: RenderServer;
  try {
    server = await RenderServer.start(resolveInterpreter(context.root, options.python, process.env, options.sdk));
  } catch (error) {
    console.error(`✖ ${project}: ${(error as Error).message}`);
    return { success: false };
  }
  try {
    const report = await renderProject(server, project, root, context.root, options);
    const text = formatRenderReport(report, { output: options.output, renderCommand: `nx run ${project}:${context.targetName ?? 'render'}` });
    (report.success ? console.log : console.error)(text);
    return { success: report.success };
  } finally {
    await server.close();
  }
}
