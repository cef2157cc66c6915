import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { availableParallelism } from 'node:os';
import { resolveInterpreter, type InterpreterChoice } from '../../python/interpreter';
import { RenderServer } from '../../python/render-server';
import { mapLimitedAsCompleted } from '../../utils/concurrency';
import { formatRenderReport } from '../../render/format-render-report';
import { renderProject } from '../../render/render-project';
import type { RenderExecutorOptions } from './schema';

interface BatchResult {
  task: string;
  result: { success: boolean; terminalOutput: string; startTime: number; endTime: number };
}

/**
 * Renders every render task of an Nx batch with one warm Python server per
 * SDK (per interpreter, to be exact: v1 and v2 pipelines of one
 * `nx run-many -t render` share a kfp 1.8 server and a kfp 2.x server): the
 * KFP import is paid once per SDK, each pipeline still runs in its own forked
 * process, and up to one render per CPU runs at a time. Results stream back
 * as each task finishes.
 */
export default async function* renderBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, RenderExecutorOptions>,
  _overrides: RenderExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchResult> {
  const tasks = Object.keys(inputs);
  const servers = new Map<string, Promise<RenderServer>>();
  const serverFor = (choice: InterpreterChoice) => {
    const key = `${choice.sdk} ${choice.command}`;
    if (!servers.has(key)) {
      const server = RenderServer.start(choice);
      // Awaited by the first task of its SDK, maybe later: a failed start is reported there, not as unhandled.
      server.catch(() => undefined);
      servers.set(key, server);
    }
    return servers.get(key)!;
  };
  // Every SDK's server starts now, so that importing kfp 2.x overlaps the v1 renders
  // (and the other way round) instead of waiting for the first task of its SDK.
  const interpreterOf = (taskId: string) => resolveInterpreter(context.root, inputs[taskId].python, process.env, inputs[taskId].sdk);
  for (const taskId of tasks) {
    try {
      void serverFor(interpreterOf(taskId));
    } catch {
      // The task reports it when it runs.
    }
  }

  const runTask = async (taskId: string): Promise<BatchResult> => {
    const startTime = Date.now();
    const { project, target } = taskGraph.tasks[taskId].target;
    const options = inputs[taskId];
    const finish = (success: boolean, terminalOutput: string): BatchResult => ({
      task: taskId,
      result: { success, terminalOutput: `${terminalOutput}\n`, startTime, endTime: Date.now() },
    });
    try {
      const server = await serverFor(interpreterOf(taskId));
      const root = context.projectsConfigurations!.projects[project].root;
      const report = await renderProject(server, project, root, context.root, options);
      return finish(report.success, formatRenderReport(report, { output: options.output, renderCommand: `nx run ${project}:${target}` }));
    } catch (error) {
      return finish(false, `✖ ${project}: ${(error as Error).message}`);
    }
  };

  try {
    yield* mapLimitedAsCompleted(tasks, availableParallelism(), runTask);
  } finally {
    await Promise.all([...servers.values()].map((s) => s.then((server) => server.close()).catch(() => undefined)));
  }
}
