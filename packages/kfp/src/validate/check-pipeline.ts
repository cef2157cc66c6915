// Checks that a pipeline source holds a rendered KFP pipeline, of either SDK,
// and reads the inputs it declares.

import type { CompiledPipeline, DeclaredInput } from '../pipeline/compiled-pipeline';
import { isPipelineSpec, parsePipelineSpec, pipelineSpecOf, specInputs, type SpecInput } from '../pipeline-spec/pipeline-spec';
import { argoWorkflowProblems, parseYaml11, pipelineInputs, PIPELINE_SPEC_ANNOTATION, WorkflowError, type ArgoWorkflow } from '../workflow/argo-workflow';

export type PipelineCheck =
  | { ok: true; pipeline: CompiledPipeline; inputs: DeclaredInput[]; /** v2 only: the inputs with their IR types. */ specInputs?: SpecInput[] }
  | { ok: false; message: string };

export function checkPipeline(text: string, displayName: string): PipelineCheck {
  const fail = (e: unknown): PipelineCheck => ({ ok: false, message: e instanceof WorkflowError ? e.message : `${displayName}: ${(e as Error).message}` });
  let doc: unknown;
  // A v2 file may hold a second document (the platform spec); its first is what tells the dialect.
  const documents = text.split(/^---\s*$/m);
  try {
    doc = parseYaml11(documents[0] ?? text, displayName);
  } catch (e) {
    return fail(e);
  }
  if (isPipelineSpec(doc)) {
    try {
      // A file of one document has just been parsed whole: only one with more documents is parsed again.
      const { spec, platformSpec } = documents.length === 1 ? pipelineSpecOf([doc], displayName) : parsePipelineSpec(text, displayName);
      const inputs = specInputs(spec, displayName);
      return { ok: true, pipeline: { sdk: 'v2', spec, ...(platformSpec ? { platformSpec } : {}) }, inputs, specInputs: inputs };
    } catch (e) {
      return fail(e);
    }
  }
  const problems = argoWorkflowProblems(doc);
  if (problems.length > 0) {
    return { ok: false, message: `${displayName} is not a rendered KFP pipeline: neither a v2 pipeline (pipelineInfo, root) nor an Argo Workflow: ${problems.join('; ')}` };
  }
  const workflow = doc as ArgoWorkflow;
  if (workflow.metadata.annotations?.[PIPELINE_SPEC_ANNOTATION] === undefined) {
    return {
      ok: false,
      message: `${displayName} is an Argo Workflow without the ${PIPELINE_SPEC_ANNOTATION} annotation, so it was not compiled by the KFP v1 SDK`,
    };
  }
  try {
    return { ok: true, pipeline: { sdk: 'v1', workflow }, inputs: pipelineInputs(workflow, displayName) };
  } catch (e) {
    return fail(e);
  }
}
