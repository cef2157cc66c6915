import { parse as parseYaml } from 'yaml';
import { authorize } from '../auth/authorize';
import { ApiError, invalidInput, notFound } from '../errors/api-error';
import { GrpcCode } from '../errors/grpc-codes';
import type { ListModel } from '../list/list-model';
import { stringField, timeField } from '../list/list-model';
import { listPage } from '../list/list-request';
import type { StoredPipeline, StoredPipelineVersion } from '../state/state';
import { formatTimestamp } from '../wire/timestamp';
import type { Caller, Query, ServiceContext } from './context';
import { listQuery } from './list-scope';
import { isArgoTemplate, latestVersion } from './pipeline-source';
import { ref } from './references';
import { parseWorkflow, workflowParameters } from './workflow';

export const pipelineListModel: ListModel<StoredPipeline> = {
  name: 'pipelines',
  typeName: 'Pipeline',
  key: (p) => p.id,
  fields: {
    id: stringField((p) => p.id),
    pipeline_id: stringField((p) => p.id),
    name: stringField((p) => p.name),
    display_name: stringField((p) => p.name),
    created_at: timeField((p) => p.createdMs),
    description: stringField((p) => p.description),
    namespace: stringField((p) => p.namespace),
  },
};

export const pipelineVersionListModel: ListModel<StoredPipelineVersion> = {
  name: 'pipeline_versions',
  typeName: 'PipelineVersion',
  key: (v) => v.id,
  fields: {
    id: stringField((v) => v.id),
    pipeline_version_id: stringField((v) => v.id),
    name: stringField((v) => v.name),
    display_name: stringField((v) => v.name),
    created_at: timeField((v) => v.createdMs),
    description: stringField((v) => v.description),
    status: stringField(() => 'READY'),
  },
};

export function toApiPipelineVersion(v: StoredPipelineVersion): Record<string, unknown> {
  return {
    id: v.id,
    name: v.name,
    created_at: formatTimestamp(v.createdMs),
    parameters: v.parameters,
    code_source_url: v.codeSourceUrl,
    package_url: v.packageUrl ? { pipeline_url: v.packageUrl } : undefined,
    resource_references: [ref('PIPELINE', v.pipelineId, 'OWNER')],
    description: v.description,
  };
}

function defaultVersionOf(ctx: ServiceContext, p: StoredPipeline): StoredPipelineVersion | undefined {
  return ctx.state.pipelineVersions.find((v) => v.id === p.defaultVersionId) ?? latestVersion(ctx, p.id);
}

export function toApiPipeline(ctx: ServiceContext, p: StoredPipeline): Record<string, unknown> {
  const version = defaultVersionOf(ctx, p);
  return {
    id: p.id,
    created_at: formatTimestamp(p.createdMs),
    name: p.name,
    description: p.description,
    parameters: version?.parameters,
    default_version: version && toApiPipelineVersion(version),
    resource_references: p.namespace ? [ref('NAMESPACE', p.namespace, 'OWNER')] : undefined,
  };
}

export function findPipeline(ctx: ServiceContext, id: string): StoredPipeline {
  const pipeline = ctx.state.pipelines.find((p) => p.id === id);
  if (!pipeline) throw notFound('Pipeline', id);
  return pipeline;
}

function findVersion(ctx: ServiceContext, id: string): StoredPipelineVersion {
  const version = ctx.state.pipelineVersions.find((v) => v.id === id);
  if (!version) throw notFound('PipelineVersion', id);
  return version;
}

/** Shared pipelines (no namespace) skip authorization, as KFP 2.1 does. */
export function authorizePipeline(ctx: ServiceContext, caller: Caller, namespace: string, verb: string): void {
  if (namespace !== '') authorize(ctx, caller, namespace, verb, 'pipelines');
}

/** The uploaded document must be an Argo Workflow or a KFP v2 pipeline spec; returns its parameters. */
export function templateParameters(template: string): { name: string; value?: string }[] {
  if (isArgoTemplate(template)) return workflowParameters(parseWorkflow(template, 'the uploaded pipeline'));
  let doc: unknown;
  try {
    doc = parseYaml(template);
  } catch (error) {
    throw invalidInput(`Failed to parse the uploaded pipeline: ${(error as Error).message.split('\n')[0]}`);
  }
  const spec = doc as { pipelineInfo?: unknown; root?: { inputDefinitions?: { parameters?: Record<string, { defaultValue?: unknown }> } } };
  if (typeof doc !== 'object' || doc === null || spec.pipelineInfo === undefined || spec.root === undefined) {
    throw invalidInput('The uploaded pipeline is neither an Argo Workflow (argoproj.io/v1alpha1 Workflow) nor a KFP v2 pipeline spec');
  }
  return Object.entries(spec.root.inputDefinitions?.parameters ?? {}).map(([name, p]) => ({
    name,
    ...(p.defaultValue === undefined ? {} : { value: typeof p.defaultValue === 'string' ? p.defaultValue : JSON.stringify(p.defaultValue) }),
  }));
}

export function insertVersion(ctx: ServiceContext, pipeline: StoredPipeline, name: string, description: string, template: string) {
  const version: StoredPipelineVersion = {
    id: ctx.newId(),
    seq: ctx.nextSeq(),
    pipelineId: pipeline.id,
    name,
    description,
    createdMs: ctx.now(),
    template,
    parameters: templateParameters(template),
  };
  ctx.state.pipelineVersions.push(version);
  pipeline.defaultVersionId = version.id;
  return version;
}

export function createPipelineFromUrl(): never {
  throw new ApiError(
    GrpcCode.Unimplemented,
    'The emulator does not import pipelines from URLs (it never makes outbound requests); use POST /apis/v1beta1/pipelines/upload',
  );
}

export function getPipeline(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const pipeline = findPipeline(ctx, id);
  authorizePipeline(ctx, caller, pipeline.namespace, 'get');
  return toApiPipeline(ctx, pipeline);
}

export function getPipelineByName(ctx: ServiceContext, caller: Caller, namespace: string, name: string): Record<string, unknown> {
  const ns = ctx.multiUser && namespace !== '-' ? namespace : '';
  authorizePipeline(ctx, caller, ns, 'get');
  const pipeline = ctx.state.pipelines.find((p) => p.name === name && p.namespace === ns);
  if (!pipeline) throw notFound('Pipeline', name);
  return toApiPipeline(ctx, pipeline);
}

export function listPipelines(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const type = query.get('resource_reference_key.type') ?? '';
  if (type !== '' && type !== 'NAMESPACE' && type !== '5' && type !== 'UNKNOWN_RESOURCE_TYPE' && type !== '0') {
    throw invalidInput('Invalid resource references for pipelines. ListPipelines only supports filtering by namespace.');
  }
  const namespace = ctx.multiUser ? (query.get('resource_reference_key.id') ?? '') : '';
  authorizePipeline(ctx, caller, namespace, 'list');
  const scoped = ctx.state.pipelines.filter((p) => p.namespace === namespace);
  const page = listPage(scoped, pipelineListModel, listQuery(query));
  return { pipelines: page.items.map((p) => toApiPipeline(ctx, p)), total_size: page.totalSize, next_page_token: page.nextPageToken };
}

export function deletePipeline(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const pipeline = findPipeline(ctx, id);
  authorizePipeline(ctx, caller, pipeline.namespace, 'delete');
  if (ctx.state.pipelineVersions.some((v) => v.pipelineId === id)) {
    throw invalidInput(`Failed to delete pipeline ${id}. Pipeline has existing pipeline versions. Delete them first`).wrap('Failed to delete a pipeline');
  }
  ctx.state.pipelines = ctx.state.pipelines.filter((p) => p.id !== id);
  return {};
}

export function getPipelineTemplate(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const pipeline = findPipeline(ctx, id);
  authorizePipeline(ctx, caller, pipeline.namespace, 'get');
  const version = defaultVersionOf(ctx, pipeline);
  if (!version) throw notFound('PipelineVersion', `of pipeline ${id}`);
  return { template: version.template };
}

export function listPipelineVersions(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const type = query.get('resource_key.type') ?? '';
  const pipelineId = query.get('resource_key.id') ?? '';
  if ((type !== 'PIPELINE' && type !== '3') || pipelineId === '') {
    throw invalidInput('ListPipelineVersions needs resource_key.type=PIPELINE and resource_key.id=<pipeline id>');
  }
  const pipeline = findPipeline(ctx, pipelineId);
  authorizePipeline(ctx, caller, pipeline.namespace, 'list');
  const scoped = ctx.state.pipelineVersions.filter((v) => v.pipelineId === pipelineId);
  const page = listPage(scoped, pipelineVersionListModel, listQuery(query));
  return { versions: page.items.map(toApiPipelineVersion), next_page_token: page.nextPageToken, total_size: page.totalSize };
}

export function getPipelineVersion(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const version = findVersion(ctx, id);
  authorizePipeline(ctx, caller, findPipeline(ctx, version.pipelineId).namespace, 'get');
  return toApiPipelineVersion(version);
}

export function getPipelineVersionTemplate(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const version = findVersion(ctx, id);
  authorizePipeline(ctx, caller, findPipeline(ctx, version.pipelineId).namespace, 'get');
  return { template: version.template };
}

export function deletePipelineVersion(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const version = findVersion(ctx, id);
  const pipeline = findPipeline(ctx, version.pipelineId);
  authorizePipeline(ctx, caller, pipeline.namespace, 'delete');
  ctx.state.pipelineVersions = ctx.state.pipelineVersions.filter((v) => v.id !== id);
  if (pipeline.defaultVersionId === id) pipeline.defaultVersionId = latestVersion(ctx, pipeline.id)?.id;
  return {};
}

export function setDefaultPipelineVersion(ctx: ServiceContext, caller: Caller, pipelineId: string, versionId: string): Record<string, unknown> {
  const pipeline = findPipeline(ctx, pipelineId);
  authorizePipeline(ctx, caller, pipeline.namespace, 'update');
  const version = findVersion(ctx, versionId);
  if (version.pipelineId !== pipelineId) throw invalidInput(`Pipeline version ${versionId} does not belong to pipeline ${pipelineId}`);
  pipeline.defaultVersionId = versionId;
  return {};
}
