import { ApiError, invalidInput, notFound } from '../../errors/api-error';
import { GrpcCode } from '../../errors/grpc-codes';
import type { Caller, Query, ServiceContext } from '../../resources/context';
import { listQuery } from '../../resources/list-scope';
import * as upload from '../../resources/pipeline-upload';
import * as pipelines from '../../resources/pipelines';
import type { StoredPipeline, StoredPipelineVersion } from '../../state/state';
import { formatTimestamp } from '../../wire/timestamp';
import { ref } from './references';

export function toApiPipelineVersionV1(v: StoredPipelineVersion): Record<string, unknown> {
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

/** toApiPipelineV1: the pipeline with its default version. */
export function toApiPipelineV1(ctx: ServiceContext, p: StoredPipeline): Record<string, unknown> {
  const version = pipelines.defaultVersionOf(ctx, p);
  return {
    id: p.id,
    created_at: formatTimestamp(p.createdMs),
    name: p.name,
    description: p.description,
    parameters: version?.parameters,
    default_version: version && toApiPipelineVersionV1(version),
    resource_references: p.namespace ? [ref('NAMESPACE', p.namespace, 'OWNER')] : undefined,
  };
}

export function createPipelineFromUrl(): never {
  throw new ApiError(
    GrpcCode.Unimplemented,
    'The emulator does not import pipelines from URLs (it never makes outbound requests); use POST /apis/v1beta1/pipelines/upload',
  );
}

export const uploadPipelineV1 = (ctx: ServiceContext, caller: Caller, query: Query, request: upload.UploadRequest) =>
  upload.uploadPipeline(ctx, caller, query, request, (pipeline) => toApiPipelineV1(ctx, pipeline));

export const uploadPipelineVersionV1 = (ctx: ServiceContext, caller: Caller, query: Query, request: upload.UploadRequest) =>
  upload.uploadPipelineVersion(ctx, caller, query, request, toApiPipelineVersionV1);

export const getPipelineV1 = (ctx: ServiceContext, caller: Caller, id: string) => toApiPipelineV1(ctx, pipelines.getPipeline(ctx, caller, id));

/** GetPipelineByNameV1: `-` is the shared namespace. */
export const getPipelineByNameV1 = (ctx: ServiceContext, caller: Caller, namespace: string, name: string) =>
  toApiPipelineV1(ctx, pipelines.getPipelineByName(ctx, caller, namespace === '-' ? '' : namespace, name));

export function listPipelinesV1(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const type = query.get('resource_reference_key.type') ?? '';
  if (type !== '' && type !== 'NAMESPACE' && type !== '5' && type !== 'UNKNOWN_RESOURCE_TYPE' && type !== '0') {
    throw invalidInput('Invalid resource references for pipelines. ListPipelines only supports filtering by namespace.');
  }
  const page = pipelines.listPipelines(ctx, caller, query.get('resource_reference_key.id') ?? '', listQuery(query));
  return { pipelines: page.items.map((p) => toApiPipelineV1(ctx, p)), total_size: page.totalSize, next_page_token: page.nextPageToken };
}

export function getPipelineTemplateV1(ctx: ServiceContext, caller: Caller, id: string): Record<string, unknown> {
  const pipeline = pipelines.getPipeline(ctx, caller, id);
  const version = pipelines.defaultVersionOf(ctx, pipeline);
  if (!version) throw notFound('PipelineVersion', `of pipeline ${id}`);
  return { template: version.template };
}

export function listPipelineVersionsV1(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const type = query.get('resource_key.type') ?? '';
  const pipelineId = query.get('resource_key.id') ?? '';
  if ((type !== 'PIPELINE' && type !== '3') || pipelineId === '') {
    throw invalidInput('ListPipelineVersions needs resource_key.type=PIPELINE and resource_key.id=<pipeline id>');
  }
  const page = pipelines.listPipelineVersions(ctx, caller, pipelineId, listQuery(query));
  return { versions: page.items.map(toApiPipelineVersionV1), next_page_token: page.nextPageToken, total_size: page.totalSize };
}

export const getPipelineVersionV1 = (ctx: ServiceContext, caller: Caller, id: string) => toApiPipelineVersionV1(pipelines.getPipelineVersion(ctx, caller, id));

export const getPipelineVersionTemplateV1 = (ctx: ServiceContext, caller: Caller, id: string) => ({
  template: pipelines.getPipelineVersion(ctx, caller, id).template,
});

export function setDefaultPipelineVersionV1(ctx: ServiceContext, caller: Caller, pipelineId: string, versionId: string): Record<string, unknown> {
  const pipeline = pipelines.findPipeline(ctx, pipelineId);
  pipelines.authorizePipeline(ctx, caller, pipeline.namespace, 'update');
  const version = pipelines.findVersion(ctx, versionId);
  if (version.pipelineId !== pipelineId) throw invalidInput(`Pipeline version ${versionId} does not belong to pipeline ${pipelineId}`);
  pipeline.defaultVersionId = versionId;
  return {};
}
