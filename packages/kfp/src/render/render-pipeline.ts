import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { PARAMS_DIR, WORKFLOW_FILE } from '../pipeline/layout';
import type { RenderServer } from '../python/render-server';
import { parseArgoWorkflow, WorkflowError } from '../workflow/argo-workflow';
import { compareRenders, type RenderComparison } from './compare';
import { unifiedDiff } from './line-diff';
import { paramsForRender } from './params';
import { TextFileError } from '../files/read-text-file';
import { readCommittedFolder, readParamsDir, renderedContent, writeDigest, writeRenderedFolder, type RenderedContent } from './rendered-folder';

/** One render of one pipeline (or one variant of it). */
export interface RenderJob {
  /** Human name used in every message, e.g. `example-pipeline-1` or `training (prod)`. */
  label: string;
  workspaceRoot: string;
  /** Absolute path of pipeline.py. */
  script: string;
  /** Extra arguments after `--output-folder <dir>`. */
  args: string[];
  /** Absolute path of the committed rendered folder. */
  outputFolder: string;
  /** sys.path entries (absolute), pipeline folder first. */
  sysPath: string[];
  timeoutSec: number;
}

export type RenderResult =
  | { status: 'unchanged'; digest: string; digestRecorded: boolean }
  | { status: 'written' | 'stale'; digest: string; /** Against the committed output, when there was one. */ comparison?: RenderComparison; diff: string };

/** The pipeline script failed, wrote nothing usable, or is not deterministic. Nothing was written. */
export class RenderError extends Error {
  override name = 'RenderError';
  constructor(
    message: string,
    readonly output = '',
  ) {
    super(message);
  }
}

/**
 * Renders into a temporary folder, compares with the committed folder, and
 * writes only when something other than the compile time or SDK version
 * changed. A difference is confirmed by a second render: if the two fresh
 * renders differ from each other, the pipeline is not deterministic and that is
 * reported instead of churning the committed output.
 */
export async function renderPipeline(server: RenderServer, job: RenderJob, mode: { check: boolean }): Promise<RenderResult> {
  const committed = await readCommittedFolder(job.outputFolder).catch((error: unknown) => {
    // A broken committed file (not a workflow, or not a readable text file) is simply replaced.
    if ((error instanceof WorkflowError || error instanceof TextFileError) && !mode.check) return undefined;
    throw error;
  });
  const fresh = await renderOnce(server, job);
  const comparison = committed ? compareRenders(committed, fresh) : undefined;

  if (committed && comparison?.equal) {
    const digestRecorded = committed.recordedDigest === fresh.digest;
    if (!digestRecorded && !mode.check) await writeDigest(job.outputFolder, fresh.digest);
    return { status: 'unchanged', digest: fresh.digest, digestRecorded };
  }

  const again = await renderOnce(server, job);
  const between = compareRenders(fresh, again);
  if (!between.equal) {
    throw new RenderError(
      `${job.label}: the pipeline is not deterministic: two renders of the same source differ. ` +
        'Something in the pipeline definition changes on every run (for example datetime.now(), random values or unordered sets); ' +
        'compute such values inside a step, or use Argo variables like {{workflow.creationTimestamp.RFC3339}}.\n' +
        describeDifference(fresh, again, between, 'first render', 'second render'),
    );
  }

  const diff = committed && comparison ? describeDifference(committed, fresh, comparison, 'committed', 'rendered') : '';
  if (mode.check) return { status: 'stale', digest: fresh.digest, comparison, diff };
  await writeRenderedFolder(job.outputFolder, fresh);
  return { status: 'written', digest: fresh.digest, comparison, diff };
}

async function renderOnce(server: RenderServer, job: RenderJob): Promise<RenderedContent> {
  const temp = await mkdtemp(join(tmpdir(), 'kfp-render-'));
  try {
    const out = join(temp, 'out');
    const log = join(temp, 'output.log');
    const exit = await server.run({
      script: job.script,
      cwd: join(job.script, '..'),
      args: ['--output-folder', out, ...job.args],
      sysPath: job.sysPath,
      log,
      timeoutSec: job.timeoutSec,
    });
    const output = await readFile(log, 'utf8').catch(() => '');
    const script = relative(job.workspaceRoot, job.script);
    if (exit.timedOut) throw new RenderError(`${job.label}: ${script} did not finish within ${job.timeoutSec}s and was stopped.`, output);
    if (exit.exitCode !== 0) {
      const how = exit.signal ? `was killed by signal ${exit.signal}` : `exited with code ${exit.exitCode}`;
      throw new RenderError(`${job.label}: ${script} ${how}.${tailOf(output)}`, output);
    }
    const workflowFile = join(out, WORKFLOW_FILE);
    if (!existsSync(workflowFile)) {
      throw new RenderError(
        `${job.label}: ${script} finished but wrote no ${WORKFLOW_FILE} into the folder given by --output-folder.${tailOf(output)}`,
        output,
      );
    }
    const workflowText = await readFile(workflowFile, 'utf8');
    rejectCheckoutPaths(job, workflowText, output);
    try {
      const file = `${script} output ${WORKFLOW_FILE}`;
      const parsed = parseArgoWorkflow(workflowText, file);
      const params = paramsForRender(parsed, await readParamsDir(join(out, PARAMS_DIR)), job.label);
      return renderedContent(workflowText, params, file, parsed);
    } catch (error) {
      throw new RenderError(`${job.label}: ${(error as Error).message}`, output);
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * A render that embeds the absolute path of the checkout (typically a component
 * loaded by an absolute path, recorded in its component_ref) differs in every
 * other clone, so CI's render --check would always fail. Catch it here.
 */
function rejectCheckoutPaths(job: RenderJob, workflowText: string, output: string): void {
  const roots = new Set([job.workspaceRoot, realpathSync(job.workspaceRoot)]);
  for (const root of roots) {
    const line = workflowText.split('\n').find((l) => l.includes(`${root}/`));
    if (!line) continue;
    throw new RenderError(
      `${job.label}: the rendered workflow contains the absolute path of this checkout (${root}), so it would differ in every other clone:\n` +
        `    ${line.trim().slice(0, 300)}\n` +
        'Load files by paths relative to the pipeline folder (render runs the script from there), e.g. components.load_component_from_file("component.yaml").',
      output,
    );
  }
}

/** What differs between two renders: changed params and a diff of the normalised workflows. */
export function describeDifference(before: RenderedContent, after: RenderedContent, comparison: RenderComparison, beforeLabel: string, afterLabel: string): string {
  const lines: string[] = [];
  const { added, removed, changed } = comparison.params;
  for (const name of added) lines.push(`  params/${name}: only in ${afterLabel}`);
  for (const name of removed) lines.push(`  params/${name}: only in ${beforeLabel}`);
  for (const name of changed) {
    lines.push(`  params/${name} differs:`);
    lines.push(indent(unifiedDiff(before.params.get(name) ?? '', after.params.get(name) ?? '', { oldLabel: beforeLabel, newLabel: afterLabel, maxLines: 20 })));
  }
  if (comparison.workflow.length > 0) {
    const paths = comparison.workflow.slice(0, 10).map((d) => `    ${d.kind} ${d.path}`);
    if (comparison.workflow.length > 10) paths.push(`    ... and ${comparison.workflow.length - 10} more`);
    lines.push(`  ${WORKFLOW_FILE} differs at:`, ...paths);
    const diff = unifiedDiff(stringify(before.workflow, { lineWidth: 0 }), stringify(after.workflow, { lineWidth: 0 }), {
      oldLabel: `${beforeLabel} ${WORKFLOW_FILE} (normalised)`,
      newLabel: `${afterLabel} ${WORKFLOW_FILE} (normalised)`,
    });
    lines.push(indent(diff));
  }
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function tailOf(output: string): string {
  const lines = output.trimEnd().split('\n');
  if (lines.length === 1 && lines[0] === '') return '';
  const tail = lines.slice(-25).join('\n');
  return `\n--- output of the pipeline script${lines.length > 25 ? ' (last 25 lines)' : ''} ---\n${tail}`;
}
