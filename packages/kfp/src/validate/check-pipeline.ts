// Checks that a pipeline source holds a rendered KFP v1 pipeline, and reads
// the inputs it declares.

import { argoWorkflowProblems, parseYaml11, pipelineInputs, PIPELINE_SPEC_ANNOTATION, WorkflowError, type ArgoWorkflow, type PipelineInput } from '../workflow/argo-workflow';
import { isRecord } from '../utils/is-record';

export type PipelineCheck = { ok: true; workflow: ArgoWorkflow; inputs: PipelineInput[] } | { ok: false; message: string };

export function checkPipeline(text: string, displayName: string): PipelineCheck {
  let doc: unknown;
  try {
    doc = parseYaml11(text, displayName);
  } catch (e) {
    return { ok: false, message: e instanceof WorkflowError ? e.message : `${displayName}: ${(e as Error).message}` };
  }
  if (isKfpV2Spec(doc)) {
    return { ok: false, message: `${displayName} is a KFP v2 pipeline spec; only KFP v1 pipelines (Argo Workflows compiled with kfp 1.8) are supported` };
  }
  const problems = argoWorkflowProblems(doc);
  if (problems.length > 0) return { ok: false, message: `${displayName} is not a KFP v1 pipeline: not an Argo Workflow: ${problems.join('; ')}` };
  const workflow = doc as ArgoWorkflow;
  if (workflow.metadata.annotations?.[PIPELINE_SPEC_ANNOTATION] === undefined) {
    return {
      ok: false,
      message: `${displayName} is an Argo Workflow without the ${PIPELINE_SPEC_ANNOTATION} annotation, so it was not compiled by the KFP v1 SDK`,
    };
  }
  try {
    return { ok: true, workflow, inputs: pipelineInputs(workflow, displayName) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

// The v2 compiler writes an IR document (pipelineInfo, root, deploymentSpec), not a Workflow.
function isKfpV2Spec(doc: unknown): boolean {
  if (!isRecord(doc)) return false;
  const spec = isRecord(doc.pipelineSpec) ? doc.pipelineSpec : doc;
  return isRecord(spec.pipelineInfo) && (isRecord(spec.root) || isRecord(spec.deploymentSpec));
}
