import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { stringify } from 'yaml';
import { PARAMS_DIR, PIPELINE_CONFIG_FILE, PIPELINE_SDKS, type PipelineSdk } from '../pipeline/layout';
import type { RenderServer } from '../python/render-server';
import { WorkflowError } from '../workflow/argo-workflow';
import { compareRenders, type RenderComparison } from './compare';
import { COMPILED_FORMATS, compiledBy, parseCompiled } from './compiled-file';
import { unifiedDiff } from './line-diff';
import { paramsForRender } from './params';
import { TextFileError } from '../files/read-text-file';
import { readCommittedFolder, readParamsDir, renderedContent, writeDigest, writeRenderedFolder, type RenderedContent } from './rendered-folder';

/** One render of one pipeline (or one variant of it). */
export interface RenderJob {
  /** Human name used in every message, e.g. `example-pipeline-1` or `training (prod)`. */
  label: string;
  /** The SDK the pipeline declares: which compiled file render expects, and which server renders it. */
  sdk: PipelineSdk;
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
  | {
      status: 'written' | 'stale';
      digest: string;
      /** Whether the folder held a render before (of this SDK, or of the other one before the pipeline switched). */
      hadCommitted: boolean;
      /** Against the committed output of this SDK, when there was one. */
      comparison?: RenderComparison;
      diff: string;
    };

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
 * writes only when something other than what changes on every compile (the
 * compile time or SDK version; see normalize.ts) changed. A difference is
 * confirmed by a second render: if the two fresh renders differ from each
 * other, the pipeline is not deterministic and that is reported instead of
 * churning the committed output. v1 and v2 pipelines go through the same
 * steps; only the compiled file differs (compiled-file.ts).
 *
 * The second compile runs exactly where it can change the outcome: when
 * nothing is committed (a fresh pipeline) or the render differs from what is.
 * A render equal to the committed one needs none: the committed render was
 * compiled at another time, in another process, so the two already agree
 * across a wider gap than two compiles in a row would (an output that changes
 * from one compile to the next would not have reproduced it), and the
 * outcome, nothing to write, is the same either way.
 *
 * The two compiles run one after the other, not as two forks at once: a
 * batch already renders one pipeline per CPU, so a parallel pair would not
 * finish it sooner, and the two runs would read the clock at nearly the same
 * moment and could race on a file the script writes beside itself, hiding a
 * difference that compiles in sequence show.
 */
export async function renderPipeline(server: RenderServer, job: RenderJob, mode: { check: boolean }): Promise<RenderResult> {
  const committed = await readCommittedFolder(job.outputFolder, undefined, job.sdk).catch((error: unknown) => {
    // A broken committed file (not a compiled pipeline, or not a readable text file) is simply replaced.
    if ((error instanceof WorkflowError || error instanceof TextFileError) && !mode.check) return undefined;
    throw error;
  });
  const fresh = await renderOnce(server, job, committed);
  const comparison = committed ? compareRenders(committed, fresh) : undefined;

  if (committed && comparison?.equal) {
    const digestRecorded = committed.recordedDigest === fresh.digest;
    if (!digestRecorded && !mode.check) await writeDigest(job.outputFolder, fresh.digest);
    return { status: 'unchanged', digest: fresh.digest, digestRecorded };
  }

  const again = await renderOnce(server, job, fresh);
  const between = compareRenders(fresh, again);
  if (!between.equal) {
    throw new RenderError(
      `${job.label}: the pipeline is not deterministic: two renders of the same source differ. ` +
        'Something in the pipeline definition changes on every run (for example datetime.now(), random values or unordered sets); ' +
        `${COMPILED_FORMATS[job.sdk].determinismHint}.\n` +
        describeDifference(fresh, again, between, 'first render', 'second render'),
    );
  }

  const switchedFrom = committed ? undefined : otherSdkRenderIn(job);
  const diff = committed && comparison ? describeDifference(committed, fresh, comparison, 'committed', 'rendered') : switchedFrom ?? '';
  const hadCommitted = committed !== undefined || switchedFrom !== undefined;
  if (mode.check) return { status: 'stale', digest: fresh.digest, hadCommitted, comparison, diff };
  await writeRenderedFolder(job.outputFolder, fresh);
  return { status: 'written', digest: fresh.digest, hadCommitted, comparison, diff };
}

/** The other SDK of a pipeline that can be only one of them. */
function otherSdk(sdk: PipelineSdk): PipelineSdk {
  return PIPELINE_SDKS.find((s) => s !== sdk)!;
}

/** When the folder holds the other SDK's render (the pipeline changed its sdk), a line that says so. */
function otherSdkRenderIn(job: RenderJob): string | undefined {
  const other = COMPILED_FORMATS[otherSdk(job.sdk)];
  if (!existsSync(join(job.outputFolder, other.file))) return undefined;
  return `  ${basename(job.outputFolder)} holds ${other.file}, ${other.kind}; the pipeline now declares sdk: ${job.sdk}, so it renders ${COMPILED_FORMATS[job.sdk].file} instead.`;
}

/** One run of the script into a temporary folder; `previous` is a render of the same job, whose parse is reused when the text is the same. */
async function renderOnce(server: RenderServer, job: RenderJob, previous?: RenderedContent): Promise<RenderedContent> {
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
    const compiled = await readCompiledOutput(job, out, script, output, previous);
    rejectCheckoutPaths(job, compiled.text, output);
    try {
      const params = paramsForRender(compiled.parameters, await readParamsDir(join(out, PARAMS_DIR)), job.label);
      return renderedContent(job.sdk, compiled.text, params, compiled.file, compiled.parsed);
    } catch (error) {
      throw new RenderError(`${job.label}: ${(error as Error).message}`, output);
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * The compiled file the script wrote, parsed as the declared SDK's. A script
 * that compiled with the other SDK, or wrote the right pipeline under the
 * other SDK's file name (a pipeline moved to v2 that still writes
 * workflow.yaml), gets a message that says so and what to change.
 */
async function readCompiledOutput(job: RenderJob, out: string, script: string, output: string, previous?: RenderedContent) {
  const format = COMPILED_FORMATS[job.sdk];
  const other = COMPILED_FORMATS[otherSdk(job.sdk)];
  const declared = job.sdk === 'v1' ? `the pipeline is sdk: v1 (the default when ${PIPELINE_CONFIG_FILE} sets no sdk)` : `${PIPELINE_CONFIG_FILE} declares sdk: ${job.sdk}`;
  const fail = (message: string) => new RenderError(`${job.label}: ${message}${tailOf(output)}`, output);
  const file = existsSync(join(out, format.file)) ? format.file : existsSync(join(out, other.file)) ? other.file : undefined;
  if (file === undefined) throw fail(`${script} finished but wrote no ${format.file} into the folder given by --output-folder.`);
  const text = await readFile(join(out, file), 'utf8');
  const shown = `${script} output ${format.file}`;
  // The declared SDK's file is parsed once (the YAML parse is most of a render's time in Node),
  // or not at all when it is the text `previous` had (a v2 compiler writes no compile time, so an
  // unchanged v2 pipeline gives the committed bytes again). Only a text that does not parse as the
  // declared SDK's file is parsed again, to say what it is instead.
  let own: ReturnType<typeof parseCompiled> | undefined;
  let ownError: unknown;
  if (file === format.file) {
    try {
      own = parseCompiled(job.sdk, text, shown, previous?.text === text ? previous.parsed : undefined);
    } catch (error) {
      ownError = error;
    }
  }
  const madeBy = own ? own.madeBy : compiledBy(text);
  if (madeBy === other.sdk) {
    throw fail(
      `${script} wrote ${file}, ${other.kind}, but ${declared}, whose renders are ${format.file}, ${format.kind}. ` +
        `Either declare sdk: ${other.sdk} in ${PIPELINE_CONFIG_FILE}, or compile the pipeline with the ${job.sdk} SDK into ${format.file}.`,
    );
  }
  if (file === other.file) {
    if (madeBy === job.sdk) {
      throw fail(`${script} wrote the pipeline into ${other.file}, but a ${job.sdk} render is named ${format.file}: compile into os.path.join(output_folder, "${format.file}").`);
    }
    throw fail(`${script} finished but wrote no ${format.file} into the folder given by --output-folder (only ${other.file}, which is not a compiled pipeline).`);
  }
  if (own) return { text, file: shown, parsed: own.parsed, parameters: own.parameters };
  throw new RenderError(`${job.label}: ${(ownError as Error).message}`, output);
}

/**
 * A render that embeds the absolute path of the checkout (typically a component
 * loaded by an absolute path, recorded in its component_ref) differs in every
 * other clone, so CI's render --check would always fail. Catch it here.
 */
function rejectCheckoutPaths(job: RenderJob, compiledText: string, output: string): void {
  const roots = new Set([job.workspaceRoot, realpathSync(job.workspaceRoot)]);
  for (const root of roots) {
    const line = compiledText.split('\n').find((l) => l.includes(`${root}/`));
    if (!line) continue;
    throw new RenderError(
      `${job.label}: the rendered ${COMPILED_FORMATS[job.sdk].file} contains the absolute path of this checkout (${root}), so it would differ in every other clone:\n` +
        `    ${line.trim().slice(0, 300)}\n` +
        'Load files by paths relative to the pipeline folder (render runs the script from there), e.g. components.load_component_from_file("component.yaml").',
      output,
    );
  }
}

/** What differs between two renders of one SDK: changed params and a diff of the normalised compiled files. */
export function describeDifference(before: RenderedContent, after: RenderedContent, comparison: RenderComparison, beforeLabel: string, afterLabel: string): string {
  const file = COMPILED_FORMATS[after.sdk].file;
  const lines: string[] = [];
  const { added, removed, changed } = comparison.params;
  for (const name of added) lines.push(`  params/${name}: only in ${afterLabel}`);
  for (const name of removed) lines.push(`  params/${name}: only in ${beforeLabel}`);
  for (const name of changed) {
    lines.push(`  params/${name} differs:`);
    lines.push(indent(unifiedDiff(before.params.get(name) ?? '', after.params.get(name) ?? '', { oldLabel: beforeLabel, newLabel: afterLabel, maxLines: 20 })));
  }
  if (comparison.documents.length > 0) {
    const paths = comparison.documents.slice(0, 10).map((d) => `    ${d.kind} ${d.path}`);
    if (comparison.documents.length > 10) paths.push(`    ... and ${comparison.documents.length - 10} more`);
    lines.push(`  ${file} differs at:`, ...paths);
    const diff = unifiedDiff(normalizedText(before), normalizedText(after), {
      oldLabel: `${beforeLabel} ${file} (normalised)`,
      newLabel: `${afterLabel} ${file} (normalised)`,
    });
    lines.push(indent(diff));
  }
  return lines.join('\n');
}

/** The normalised documents as YAML, separated as in the compiled file. */
function normalizedText(content: RenderedContent): string {
  return content.documents.map((document) => stringify(document, { lineWidth: 0 })).join('---\n');
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
