import { parse } from 'yaml';
import { ApiError, internalServerError, invalidInput, notFound } from '../errors/api-error';
import type { StoredParameter, StoredPipelineSpec, StoredPipelineVersion } from '../state/state';
import type { ServiceContext } from './context';
import { invalidPipelineSpec, isPipelineSpecTemplate, parsePipelineSpec, type PipelineSpecDocument } from './pipeline-spec';
import { parseWorkflow, verifyParameters, verifyParameterSize, type ArgoWorkflow } from './workflow';

/**
 * model.PipelineSpec as a create request gives it, whichever API it came through (toModelRun and
 * toModelJob in server/api_converter.go at 2.1.0): a pipeline version or a pipeline, or a manifest.
 */
export interface PipelineSourceInput {
  pipelineId?: string;
  pipelineVersionId?: string;
  /** A pipeline spec (v1beta1 pipeline_manifest; v2beta1 pipeline_spec as the server stores it, YAML). */
  pipelineManifest?: string;
  /** An Argo workflow (v1beta1 workflow_manifest). */
  workflowManifest?: string;
  /** v1 parameters (v1beta1 pipeline_spec.parameters). */
  parameters: StoredParameter[];
  /** Typed v2 parameter values and the pipeline root. */
  runtimeConfig?: { parameters?: Record<string, unknown>; pipelineRoot?: string };
}

/** A pipeline template as template.New reads it: an Argo workflow (v1) or a pipeline spec (v2). */
export type PipelineTemplate = { kind: 'argo'; workflow: ArgoWorkflow } | { kind: 'v2'; document: PipelineSpecDocument };

export interface ResolvedPipeline {
  spec: StoredPipelineSpec;
  template?: PipelineTemplate;
  pipelineVersionId?: string;
  /** False for a 2.14 job given only a pipeline: the controller takes the latest version at each run. */
  pinned: boolean;
}

/** The latest version by creation, used when only a pipeline id is given. */
export function latestVersion(ctx: ServiceContext, pipelineId: string): StoredPipelineVersion | undefined {
  const versions = ctx.state.pipelineVersions.filter((v) => v.pipelineId === pipelineId);
  return versions.sort((a, b) => b.createdMs - a.createdMs || b.seq - a.seq)[0];
}

/**
 * template.New (template/template.go at 2.1.0): an Argo workflow when the document says so, else a v2
 * pipeline spec when one of its documents is one, else "unknown template format".
 */
export function parseTemplate(text: string, what: string): PipelineTemplate {
  if (isArgoTemplate(text)) return { kind: 'argo', workflow: parseWorkflow(text, what) };
  if (isPipelineSpecTemplate(text)) return { kind: 'v2', document: parsePipelineSpec(text) };
  throw invalidPipelineSpec('unknown template format');
}

export interface PipelineSourceOptions {
  /** The internal-server-error context the caller wraps a fetch failure in (the client only sees "Internal Server Error"). */
  fetchFailure: string;
  /** A pipeline id alone selects its latest version now (2.1), or is left to the controller at each run (jobs on 2.14). */
  resolveLatestVersion: boolean;
}

/**
 * Where a run or job gets its pipeline from: a pipeline version, a pipeline id (its latest version), or
 * an inline manifest, as fetchTemplateFromPipelineSpec does (resource/resource_manager.go at 2.1.0). A
 * stored version's manifest is copied into the run or job, as the server stores it. v1 parameters are
 * checked against an Argo workflow here; typed v2 values are the caller's to check (validatePipelineJobInputs
 * runs later in the server, with other wraps).
 */
export function resolvePipeline(ctx: ServiceContext, input: PipelineSourceInput, options: PipelineSourceOptions): ResolvedPipeline {
  const parameters = input.parameters;
  verifyParameterSize(parameters);
  const runtimeConfig = input.runtimeConfig;
  const pipelineId = input.pipelineId ?? '';
  const versionId = input.pipelineVersionId ?? '';
  const templateOf = (text: string, what: string): PipelineTemplate => {
    try {
      return parseTemplate(text, what);
    } catch (error) {
      // An Argo workflow's own problems are the emulator's long-standing 400s; other manifests fail as the server fails them.
      if (!(error instanceof ApiError) || isArgoTemplate(text)) throw error;
      throw internalServerError(options.fetchFailure, error.wrap('Failed to fetch a template with an invalid pipeline spec manifest'));
    }
  };
  if (!versionId && pipelineId && !options.resolveLatestVersion) {
    // Pinned to no version: the manifest is looked up when each run starts; the latest one checks the parameters now.
    const latest = findSourceVersion(ctx, '', pipelineId, options.fetchFailure);
    const template = templateOf(latest.template, 'the pipeline version template');
    if (template.kind === 'argo') verifyParameters(template.workflow, parameters);
    return { spec: { pipelineId, parameters, runtimeConfig }, template, pinned: false };
  }
  if (versionId || pipelineId) {
    const version = findSourceVersion(ctx, versionId, pipelineId, options.fetchFailure);
    const template = templateOf(version.template, 'the pipeline version template');
    if (template.kind === 'argo') verifyParameters(template.workflow, parameters);
    const manifest = template.kind === 'argo' ? { workflowManifest: JSON.stringify(template.workflow) } : { pipelineManifest: version.template };
    return {
      spec: { pipelineId: version.pipelineId, pipelineName: version.name, ...manifest, parameters, runtimeConfig },
      template,
      pipelineVersionId: version.id,
      pinned: true,
    };
  }
  const manifest = input.pipelineManifest || input.workflowManifest || '';
  if (manifest) {
    // A v1beta1 workflow_manifest that is no workflow keeps the emulator's parse error.
    if (!input.pipelineManifest) {
      const workflow = parseWorkflow(manifest, 'pipeline_spec.workflow_manifest');
      verifyParameters(workflow, parameters);
      return { spec: { workflowManifest: manifest, parameters, runtimeConfig }, template: { kind: 'argo', workflow }, pinned: true };
    }
    const template = templateOf(manifest, 'pipeline_spec.pipeline_manifest');
    if (template.kind === 'argo') {
      verifyParameters(template.workflow, parameters);
      return { spec: { workflowManifest: manifest, parameters, runtimeConfig }, template, pinned: true };
    }
    return { spec: { pipelineManifest: manifest, parameters, runtimeConfig }, template, pinned: true };
  }
  throw internalServerError(options.fetchFailure, invalidInput('Failed to fetch a template with an empty pipeline spec manifest'));
}

/** fetchPipelineVersionFromPipelineSpec: the referenced version, or the pipeline's latest. */
function findSourceVersion(ctx: ServiceContext, versionId: string, pipelineId: string, fetchFailure: string): StoredPipelineVersion {
  const failed = (cause: ApiError, context: string): ApiError =>
    internalServerError(fetchFailure, cause.wrap(context).wrap('Failed to fetch a template due to error retrieving pipeline version'));
  if (versionId) {
    const version = ctx.state.pipelineVersions.find((v) => v.id === versionId);
    if (!version) throw failed(notFound('PipelineVersion', versionId), `Failed to fetch a pipeline version and its manifest from pipeline version ${versionId}`);
    return version;
  }
  const version = latestVersion(ctx, pipelineId);
  if (!version) {
    const cause = ctx.state.pipelines.some((p) => p.id === pipelineId) ? notFound('PipelineVersion', pipelineId) : notFound('Pipeline', pipelineId);
    throw failed(cause, `Failed to fetch a pipeline version and its manifest from pipeline ${pipelineId}`);
  }
  return version;
}

/** Whether a pipeline file is an Argo Workflow, read as YAML (which includes JSON, compact or not), as the server does. */
export function isArgoTemplate(template: string): boolean {
  try {
    const doc: unknown = parse(template);
    if (typeof doc !== 'object' || doc === null) return false;
    const { kind, apiVersion } = doc as { kind?: unknown; apiVersion?: unknown };
    return kind === 'Workflow' && typeof apiVersion === 'string' && apiVersion.startsWith('argoproj.io/');
  } catch {
    return false;
  }
}

/** Effective service account: explicit, else the workflow's own unless it is empty or the KFP default. */
export function effectiveServiceAccount(ctx: ServiceContext, requested: string | undefined, template: PipelineTemplate | undefined): string {
  if (requested) return requested;
  const fromWorkflow = template?.kind === 'argo' ? (template.workflow.spec?.serviceAccountName ?? '') : '';
  if (fromWorkflow !== '' && fromWorkflow !== 'pipeline-runner') return fromWorkflow;
  return ctx.multiUser ? 'default-editor' : 'pipeline-runner';
}
