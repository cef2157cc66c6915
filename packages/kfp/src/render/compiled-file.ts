import { parseAllDocuments } from 'yaml';
import { compiledFileName, type PipelineSdk } from '../pipeline/layout';
import { isPipelineSpec, parameterFileText, parsePipelineSpec, specInputs, type CompiledPipelineSpec } from '../pipeline-spec/pipeline-spec';
import { argoWorkflowProblems, parseArgoWorkflow, workflowParameters, type ArgoWorkflow } from '../workflow/argo-workflow';
import { DIGEST_VERSIONS, normalizedPipelineSpec, withoutVolatileKeys } from './normalize';

/** What each SDK's compiler writes: v1 an Argo Workflow, v2 the pipeline IR (with its platform spec, if any). */
export interface CompiledKinds {
  v1: ArgoWorkflow;
  v2: CompiledPipelineSpec;
}

/** A root parameter of a compiled pipeline, with the params/ file text of its default. */
export interface DeclaredParameter {
  name: string;
  value?: string;
}

/**
 * Everything render does differently for the two SDKs, in one place: the file
 * the compiler writes, how it is read, which parameters it declares, and what
 * of it is compared and hashed. The rest of render serves both SDKs alike.
 */
export interface CompiledFormat<S extends PipelineSdk> {
  sdk: S;
  /** `workflow.yaml` or `pipeline.yaml`. */
  file: string;
  /** What the file is, for messages: "a KFP v1 Argo Workflow". */
  kind: string;
  /** Parses and checks the compiled text; a WorkflowError names the file and says what is wrong. */
  parse(text: string, file: string): CompiledKinds[S];
  /** The root parameters, in the order params/ lists them. */
  parameters(compiled: CompiledKinds[S]): DeclaredParameter[];
  /** The first document of the file (the workflow, the IR), as compiledBy judges a text by. */
  firstDocument(compiled: CompiledKinds[S]): unknown;
  /** The documents compared and hashed: the compiled file without what changes when the pipeline does not. */
  documents(compiled: CompiledKinds[S]): unknown[];
  /** Prefix of the digest, so a digest also says what it hashes. */
  digestVersion: string;
  /** What to do instead of computing a time (or a random value) while the pipeline is defined. */
  determinismHint: string;
}

const v1: CompiledFormat<'v1'> = {
  sdk: 'v1',
  file: compiledFileName('v1'),
  kind: 'a KFP v1 Argo Workflow',
  parse: (text, file) => parseArgoWorkflow(text, file),
  parameters: (workflow) => workflowParameters(workflow),
  firstDocument: (workflow) => workflow,
  documents: (workflow) => [withoutVolatileKeys(workflow)],
  digestVersion: DIGEST_VERSIONS.v1,
  determinismHint: 'compute such values inside a step, or use Argo variables like {{workflow.creationTimestamp.RFC3339}}',
};

const v2: CompiledFormat<'v2'> = {
  sdk: 'v2',
  file: compiledFileName('v2'),
  kind: 'a KFP v2 pipeline (the pipeline IR)',
  parse: (text, file) => parsePipelineSpec(text, file),
  parameters: (compiled) => specInputs(compiled.spec).map((input) => ({ name: input.name, value: parameterFileText(input) })),
  firstDocument: (compiled) => compiled.spec,
  documents: (compiled) => normalizedPipelineSpec(compiled),
  digestVersion: DIGEST_VERSIONS.v2,
  // Not the SDK's dsl.PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER: the KFP backend resolves it only in 2026
  // releases (kubeflow/pipelines#12628, #13474); a 2.1 server passes the placeholder text through.
  determinismHint: 'compute such values inside a component, when it runs',
};

export const COMPILED_FORMATS: { readonly [S in PipelineSdk]: CompiledFormat<S> } = { v1, v2 };

/**
 * Parses a compiled text as the SDK's file and lists the parameters it
 * declares; `madeBy` is what compiledBy would say of the text, without parsing
 * it again (a document can pass for both kinds, and then counts as v1 there too).
 * `parsedBefore` is a parse of this very text, when the caller has one: the
 * YAML parse is the slow part, and the same text always parses the same.
 */
export function parseCompiled<S extends PipelineSdk>(
  sdk: S,
  text: string,
  file: string,
  parsedBefore?: CompiledKinds[S],
): { parsed: CompiledKinds[S]; parameters: DeclaredParameter[]; madeBy: PipelineSdk } {
  const format: CompiledFormat<S> = COMPILED_FORMATS[sdk];
  const parsed = parsedBefore ?? format.parse(text, file);
  return { parsed, parameters: format.parameters(parsed), madeBy: compiledByDocument(format.firstDocument(parsed)) ?? sdk };
}

/**
 * Which SDK compiled a text, judged by its first document (an Argo Workflow or
 * a pipeline IR); undefined when it is neither, or not YAML. Used to say "this
 * is the other SDK's output" instead of listing missing fields.
 */
export function compiledBy(text: string): PipelineSdk | undefined {
  let first: unknown;
  try {
    // Only a guess for a message: anything unusual (bad YAML, many aliases) is simply no guess.
    first = parseAllDocuments(text, { version: '1.1', prettyErrors: false, uniqueKeys: false })
      .map((doc) => doc.toJS({ maxAliasCount: 100 }) as unknown)
      .find((value) => value !== null && value !== undefined);
  } catch {
    return undefined;
  }
  return compiledByDocument(first);
}

function compiledByDocument(first: unknown): PipelineSdk | undefined {
  if (argoWorkflowProblems(first).length === 0) return 'v1';
  return isPipelineSpec(first) ? 'v2' : undefined;
}
