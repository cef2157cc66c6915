import { join, relative } from 'node:path';
import { renderedFolderName } from '../../pipeline/layout';
import type { RenderServer } from '../../python/render-server';
import { RenderError, renderPipeline, type RenderJob, type RenderResult } from '../../render/render-pipeline';
import type { RenderExecutorOptions } from './options';

export interface ProjectRenderReport {
  project: string;
  check: boolean;
  success: boolean;
  results: Array<{ variant?: string; folder: string; status: RenderResult['status'] | 'failed'; digest?: string; error?: string }>;
  /** Human-readable report, one line per folder plus differences. */
  text: string;
}

/** Turns the target options into one render job per variant (or the single default render). */
export function renderJobs(project: string, projectRoot: string, workspaceRoot: string, options: RenderExecutorOptions): Array<RenderJob & { variant?: string }> {
  const variants = Object.entries(options.variants ?? {});
  const known = variants.map(([name]) => name);
  if (options.variant !== undefined && !known.includes(options.variant)) {
    throw new RenderError(
      known.length === 0
        ? `${project} has no variants (add them to kfp-pipeline.yaml), so --variant ${options.variant} cannot be rendered.`
        : `${project} has no variant "${options.variant}"; its variants are: ${known.join(', ')}.`,
    );
  }
  const root = join(workspaceRoot, projectRoot);
  const sysPath = [root, ...(options.pythonPaths ?? []).map((p) => join(workspaceRoot, p)), workspaceRoot];
  const base = {
    workspaceRoot,
    script: join(root, options.script ?? 'pipeline.py'),
    sysPath,
    timeoutSec: options.timeout ?? 300,
  };
  if (variants.length === 0) {
    return [{ ...base, label: project, args: options.args ?? [], outputFolder: join(root, renderedFolderName()) }];
  }
  return variants
    .filter(([name]) => options.variant === undefined || name === options.variant)
    .map(([name, variant]) => ({
      ...base,
      variant: name,
      label: `${project} (${name})`,
      args: [...(options.args ?? []), ...(variant?.args ?? [])],
      outputFolder: join(root, renderedFolderName(name)),
    }));
}

/** Renders (or checks) every variant of one project with a running server and reports readably. */
export async function renderProject(
  server: RenderServer,
  project: string,
  projectRoot: string,
  workspaceRoot: string,
  options: RenderExecutorOptions,
): Promise<ProjectRenderReport> {
  const check = options.check ?? false;
  const report: ProjectRenderReport = { project, check, success: true, results: [], text: '' };
  const lines: string[] = [];
  let jobs: ReturnType<typeof renderJobs>;
  try {
    jobs = renderJobs(project, projectRoot, workspaceRoot, options);
  } catch (error) {
    return { ...report, success: false, text: `✖ ${(error as Error).message}` };
  }
  const rerun = `nx run ${project}:render${options.variant ? ` --variant ${options.variant}` : ''}`;
  for (const job of jobs) {
    const folder = relative(workspaceRoot, job.outputFolder);
    try {
      const result = await renderPipeline(server, job, { check });
      report.results.push({ variant: job.variant, folder, status: result.status, digest: result.digest });
      const digest = result.digest.slice(0, 'sha256:'.length + 12);
      if (result.status === 'unchanged') {
        const note = result.digestRecorded ? '' : check ? ' (no digest recorded yet; a render adds it)' : ' (digest recorded)';
        lines.push(`✔ ${job.label}: ${folder} is up to date ${digest}${note}`);
      } else if (result.status === 'written') {
        lines.push(`✎ ${job.label}: ${result.previous ? 'updated' : 'created'} ${folder} ${digest}`);
        if (result.diff) lines.push(result.diff);
      } else {
        report.success = false;
        lines.push(`✖ ${job.label}: ${folder} is ${result.comparison ? 'stale' : 'missing'}: run "${rerun}" and commit the result.`);
        if (result.diff) lines.push(result.diff);
      }
    } catch (error) {
      report.success = false;
      const message = (error as Error).message;
      report.results.push({ variant: job.variant, folder, status: 'failed', error: message });
      lines.push(`✖ ${message.startsWith(job.label) ? message : `${job.label}: ${message}`}`);
    }
  }
  report.text = lines.join('\n');
  return report;
}

/** What the executor prints for a project in the chosen output format. */
export function formatReport(report: ProjectRenderReport, output: RenderExecutorOptions['output']): string {
  if (output === 'json') {
    const { text: _text, ...data } = report;
    return JSON.stringify(data);
  }
  return report.text;
}
