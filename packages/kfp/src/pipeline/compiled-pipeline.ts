// A rendered pipeline as a team deploys it, in either dialect: a KFP v1 Argo
// Workflow (workflow.yaml), or a KFP v2 pipeline IR with its optional platform
// spec (pipeline.yaml). The rest of the plugin branches on `sdk` once.

import type { PipelineSpec } from '../pipeline-spec/pipeline-spec';
import type { ArgoWorkflow } from '../workflow/argo-workflow';

export type CompiledPipeline = { sdk: 'v1'; workflow: ArgoWorkflow } | { sdk: 'v2'; spec: PipelineSpec; platformSpec?: Record<string, unknown> };

/** A declared input of either dialect: v1 types are the annotation's (`String`, `Integer`...), v2 types the IR's (`NUMBER_INTEGER`...). */
export interface DeclaredInput {
  name: string;
  type?: string;
  optional: boolean;
  default?: unknown;
}
