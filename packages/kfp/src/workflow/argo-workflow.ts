import { parseDocument } from 'yaml';
import { aliasProblem, firstAliasOffset } from '../config-file/yaml-file';
import { isRecord } from '../utils/is-record';

/** Alias uses allowed in a workflow: the KFP v1 compiler writes none. */
const MAX_ALIAS_COUNT = 1000;

/** The annotation in which the KFP v1 compiler records the pipeline's inputs. */
export const PIPELINE_SPEC_ANNOTATION = 'pipelines.kubeflow.org/pipeline_spec';

export interface ArgoWorkflow {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Workflow';
  metadata: { annotations?: Record<string, string>; labels?: Record<string, string>; [key: string]: unknown };
  spec: { arguments?: { parameters?: Array<{ name: string; value?: unknown }> }; [key: string]: unknown };
  [key: string]: unknown;
}

export class WorkflowError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line ? `${file}:${line}:${column ?? 1}: ${message}` : `${file}: ${message}`);
    this.name = 'WorkflowError';
  }
}

/**
 * Parses YAML the way the KFP v1 SDK's PyYAML does (YAML 1.1), so that values
 * such as `yes` or `0777` mean the same here as on the Python side.
 */
export function parseYaml11(text: string, file: string): unknown {
  const doc = parseDocument(text, { version: '1.1', prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const { line, column } = lineAndColumn(text, error.pos[0]);
    throw new WorkflowError(`invalid YAML: ${error.message.split('\n')[0]}`, file, line, column);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // An alias bomb or an alias without its anchor: located, in words a person can act on.
    const { line, column } = lineAndColumn(text, firstAliasOffset(doc));
    throw new WorkflowError(`invalid YAML: ${aliasProblem(e as Error, MAX_ALIAS_COUNT)}`, file, line, column);
  }
}

/** Lists why a parsed document is not an Argo Workflow; empty when it is one. */
export function argoWorkflowProblems(doc: unknown): string[] {
  if (!isRecord(doc)) return ['the document is not a mapping'];
  const problems: string[] = [];
  if (doc.apiVersion !== 'argoproj.io/v1alpha1') problems.push(`apiVersion is ${JSON.stringify(doc.apiVersion)}, expected "argoproj.io/v1alpha1"`);
  if (doc.kind !== 'Workflow') problems.push(`kind is ${JSON.stringify(doc.kind)}, expected "Workflow"`);
  if (!isRecord(doc.metadata)) problems.push('metadata is missing');
  if (!isRecord(doc.spec)) problems.push('spec is missing');
  return problems;
}

/** Parses and checks a workflow file's text; throws a WorkflowError naming the file. */
export function parseArgoWorkflow(text: string, file: string): ArgoWorkflow {
  const doc = parseYaml11(text, file);
  const problems = argoWorkflowProblems(doc);
  if (problems.length > 0) throw new WorkflowError(`not an Argo Workflow: ${problems.join('; ')}`, file);
  return doc as ArgoWorkflow;
}

export interface PipelineInput {
  name: string;
  type?: string;
  optional: boolean;
  /** Default value as the compiler serialised it (always a string). */
  default?: string;
}

/**
 * The pipeline's declared inputs. The v1 compiler writes them twice: in the
 * `pipeline_spec` annotation (with types and optionality, what the reference
 * validates against) and in `spec.arguments.parameters` (what the server uses).
 * The annotation wins when present; the arguments fill in what it lacks.
 */
export function pipelineInputs(workflow: ArgoWorkflow, file = 'workflow.yaml'): PipelineInput[] {
  const args = workflowParameters(workflow);
  const annotation = workflow.metadata.annotations?.[PIPELINE_SPEC_ANNOTATION];
  if (annotation === undefined) {
    return args.map((p) => ({ name: p.name, optional: p.value !== undefined, default: p.value }));
  }
  let spec: unknown;
  try {
    spec = JSON.parse(annotation);
  } catch {
    throw new WorkflowError(`the ${PIPELINE_SPEC_ANNOTATION} annotation is not valid JSON`, file);
  }
  const inputs = isRecord(spec) && Array.isArray(spec.inputs) ? spec.inputs : [];
  const argDefaults = new Map(args.map((p) => [p.name, p.value]));
  return inputs.map((input: unknown, index: number) => {
    if (!isRecord(input) || typeof input.name !== 'string' || input.name === '') {
      throw new WorkflowError(`input #${index + 1} of the ${PIPELINE_SPEC_ANNOTATION} annotation has no name`, file);
    }
    const fallback = argDefaults.get(input.name);
    const dflt = typeof input.default === 'string' ? input.default : fallback;
    return {
      name: input.name,
      type: typeof input.type === 'string' ? input.type : undefined,
      optional: input.optional === true,
      default: dflt,
    };
  });
}

/** `spec.arguments.parameters`, values as strings (absent when the parameter has no default). */
export function workflowParameters(workflow: ArgoWorkflow): Array<{ name: string; value?: string }> {
  const params = workflow.spec.arguments?.parameters ?? [];
  return params.map((p) => ({ name: p.name, value: p.value === undefined || p.value === null ? undefined : String(p.value) }));
}

export interface ParameterCheck {
  /** Required inputs with no value supplied. */
  missing: string[];
  /** Supplied names the pipeline does not declare. */
  unknown: string[];
}

/** Checks supplied parameter names against the pipeline's inputs, as the reference does. */
export function checkParameters(inputs: ReadonlyArray<{ name: string; optional: boolean }>, supplied: Iterable<string>): ParameterCheck {
  const given = new Set(supplied);
  const declared = new Set(inputs.map((i) => i.name));
  return {
    missing: inputs.filter((i) => !i.optional && !given.has(i.name)).map((i) => i.name),
    unknown: [...given].filter((name) => !declared.has(name)).sort(),
  };
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset)).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

