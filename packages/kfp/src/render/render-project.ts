import { join, relative } from 'node:path';
import { DEFAULT_PIPELINE_SDK, PIPELINE_SCRIPT, renderedFolderName, type PipelineSdk } from '../pipeline/layout';
import type { RenderServer } from '../python/render-server';
import { SDK_ENVIRONMENTS } from '../python/sdk-environment';
import { DEFAULT_RENDER_TIMEOUT } from './defaults';
import { RenderError, renderPipeline, type RenderJob } from './render-pipeline';

/** How a pipeline project renders: the options of its render target, set by the plugin from kfp-pipeline.yaml. */
export interface PipelineRenderSettings {
  /** The KFP SDK of the pipeline (kfp-pipeline.yaml's sdk); v1 when not set. */
  sdk?: PipelineSdk;
  script?: string;
  args?: string[];
  variants?: Record<string, { args?: string[] } | null>;
  /** Python interpreter with the pipeline's SDK: a workspace-relative path or a command. */
  python?: string;
  /** Workspace-relative folders of shared Python code. */
  pythonPaths?: string[];
  /** Seconds one render may take. */
  timeout?: number;
}

export interface RenderProjectOptions extends PipelineRenderSettings {
  check?: boolean;
  /** Only this variant; default every variant. */
  variant?: string;
}

/** What happened to one rendered folder. */
export interface FolderRenderOutcome {
  variant?: string;
  /** `project` or `project (variant)`. */
  label: string;
  /** Workspace-relative. */
  folder: string;
  status: 'unchanged' | 'written' | 'stale' | 'failed';
  digest?: string;
  /** unchanged: whether .kfp-digest already held the digest. */
  digestRecorded?: boolean;
  /** written or stale: whether there was committed output before. */
  hadCommitted?: boolean;
  /** written or stale: what differs from the committed output. */
  diff?: string;
  error?: string;
}

export interface ProjectRenderReport {
  project: string;
  check: boolean;
  success: boolean;
  /** The variant asked for, if any. */
  variant?: string;
  results: FolderRenderOutcome[];
  /** Set when no render could start (e.g. an unknown variant). */
  error?: string;
}

/** Turns the target options into one render job per variant (or the single default render). */
export function renderJobs(project: string, projectRoot: string, workspaceRoot: string, options: RenderProjectOptions): Array<RenderJob & { variant?: string }> {
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
    sdk: options.sdk ?? DEFAULT_PIPELINE_SDK,
    workspaceRoot,
    script: join(root, options.script ?? PIPELINE_SCRIPT),
    sysPath,
    timeoutSec: options.timeout ?? DEFAULT_RENDER_TIMEOUT,
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

/** Renders (or checks) every variant of one project with a running server. */
export async function renderProject(
  server: RenderServer,
  project: string,
  projectRoot: string,
  workspaceRoot: string,
  options: RenderProjectOptions,
): Promise<ProjectRenderReport> {
  const check = options.check ?? false;
  const report: ProjectRenderReport = { project, check, success: true, ...(options.variant ? { variant: options.variant } : {}), results: [] };
  const sdk = options.sdk ?? DEFAULT_PIPELINE_SDK;
  if (server.info.sdk !== sdk) {
    const error = `${project} is a ${sdk} pipeline, but the render server's interpreter has kfp ${server.info.kfp}; ${sdk} pipelines render with ${SDK_ENVIRONMENTS[sdk].kfpPin}.`;
    return { ...report, success: false, error };
  }
  let jobs: ReturnType<typeof renderJobs>;
  try {
    jobs = renderJobs(project, projectRoot, workspaceRoot, options);
  } catch (error) {
    return { ...report, success: false, error: (error as Error).message };
  }
  for (const job of jobs) {
    const base = { ...(job.variant ? { variant: job.variant } : {}), label: job.label, folder: relative(workspaceRoot, job.outputFolder) };
    try {
      const result = await renderPipeline(server, job, { check });
      if (result.status === 'unchanged') {
        report.results.push({ ...base, status: 'unchanged', digest: result.digest, digestRecorded: result.digestRecorded });
      } else {
        report.results.push({ ...base, status: result.status, digest: result.digest, hadCommitted: result.hadCommitted, diff: result.diff });
        if (result.status === 'stale') report.success = false;
      }
    } catch (error) {
      report.success = false;
      report.results.push({ ...base, status: 'failed', error: (error as Error).message });
    }
  }
  return report;
}
