import { ApiError, invalidInput } from '../../errors/api-error';
import { GrpcCode } from '../../errors/grpc-codes';
import type { Caller, Query, ServiceContext } from '../../resources/context';
import { listQuery } from '../../resources/list-scope';
import * as upload from '../../resources/pipeline-upload';
import * as pipelines from '../../resources/pipelines';
import type { StoredPipeline, StoredPipelineVersion } from '../../state/state';
import { decodeMessage } from '../../wire/message-schema';
import { formatTimestamp } from '../../wire/timestamp';
import { CreatePipelineAndVersionSchema, PipelineSchema, PipelineVersionSchema, type PipelineInput, type PipelineVersionInput } from '../../wire/v2beta1-messages';
import { toApiPipelineSpecStruct } from './pipeline-source';

/** toApiPipeline (server/api_converter.go): `display_name` is the name on 2.1; 2.14 answers both. */
export function toApiPipelineV2(ctx: ServiceContext, p: StoredPipeline): Record<string, unknown> {
  return {
    pipeline_id: p.id,
    display_name: ctx.flavor === '2.1' ? p.name : pipelines.displayNameOf(p),
    name: ctx.flavor === '2.14' ? p.name : undefined,
    description: p.description,
    created_at: formatTimestamp(p.createdMs),
    namespace: p.namespace,
  };
}

/** toApiPipelineVersion: the stored template as `pipeline_spec` (an Argo workflow too), no code_source_url. */
export function toApiPipelineVersionV2(ctx: ServiceContext, v: StoredPipelineVersion): Record<string, unknown> {
  return {
    pipeline_id: v.pipelineId,
    pipeline_version_id: v.id,
    display_name: ctx.flavor === '2.1' ? v.name : pipelines.displayNameOf(v),
    name: ctx.flavor === '2.14' ? v.name : undefined,
    description: v.description,
    created_at: formatTimestamp(v.createdMs),
    package_url: v.packageUrl ? { pipeline_url: v.packageUrl } : undefined,
    pipeline_spec: toApiPipelineSpecStruct(v.template),
  };
}

/** toModelPipeline / toModelPipelineVersion: 2.1 reads display_name as the name; 2.14 reads name, else display_name. */
function namesOf(ctx: ServiceContext, input: { name?: string; display_name?: string; description?: string }): pipelines.PipelineNames {
  const description = input.description ?? '';
  if (ctx.flavor === '2.1') return { name: input.display_name ?? '', description };
  const name = input.name || input.display_name || '';
  return { name, displayName: input.display_name || name, description };
}

/** PipelineServer.CreatePipeline (v2beta1): a pipeline without versions. */
export function createPipelineV2(ctx: ServiceContext, caller: Caller, body: unknown): Record<string, unknown> {
  const input = decodeMessage(body, PipelineSchema, ctx.decodeOptions) as PipelineInput;
  const names = namesOf(ctx, input);
  try {
    if (names.name === '') throw invalidInput("pipeline's name cannot be empty");
    return toApiPipelineV2(ctx, pipelines.createPipeline(ctx, caller, names, input.namespace ?? ''));
  } catch (error) {
    throw error instanceof ApiError ? error.wrap('Failed to create a pipeline due to server error') : error;
  }
}

/**
 * CreatePipelineAndVersion and CreatePipelineVersion read the spec from `package_url` only (2.1.0 to
 * 2.17.0: an inline pipeline_version.pipeline_spec is ignored), and the emulator makes no outbound
 * requests. Their checks of the request come first, as the server's do.
 */
function urlImport(): never {
  throw new ApiError(
    GrpcCode.Unimplemented,
    'The emulator does not import pipelines from URLs (it never makes outbound requests); use POST /apis/v2beta1/pipelines/upload',
  );
}

export function createPipelineAndVersionV2(ctx: ServiceContext, body: unknown): never {
  const input = decodeMessage(body, CreatePipelineAndVersionSchema, ctx.decodeOptions) as { pipeline_version?: PipelineVersionInput };
  const url = input.pipeline_version?.package_url?.pipeline_url ?? '';
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:|^\//.test(url)) {
    throw invalidInput(`invalid pipeline spec URL: ${url}`).wrap('Failed to create a pipeline');
  }
  return urlImport();
}

export function createPipelineVersionV2(ctx: ServiceContext, pipelineId: string, body: unknown): never {
  const input = decodeMessage(body, PipelineVersionSchema, ctx.decodeOptions) as PipelineVersionInput & { package_url?: { pipeline_url?: string } };
  if (input.package_url === undefined) throw invalidInput('Failed to create a pipeline version. Package URL is nil');
  if (!input.package_url.pipeline_url) throw invalidInput('Failed to create a pipeline version. Package URL is empty');
  if (pipelineId === '' || !input.pipeline_id) throw invalidInput('Failed to create a pipeline version. Parent pipeline id is empty');
  return urlImport();
}

export const uploadPipelineV2 = (ctx: ServiceContext, caller: Caller, query: Query, request: upload.UploadRequest) =>
  upload.uploadPipeline(ctx, caller, query, request, (pipeline) => toApiPipelineV2(ctx, pipeline));

export const uploadPipelineVersionV2 = (ctx: ServiceContext, caller: Caller, query: Query, request: upload.UploadRequest) =>
  upload.uploadPipelineVersion(ctx, caller, query, request, (version) => toApiPipelineVersionV2(ctx, version));

export const getPipelineV2 = (ctx: ServiceContext, caller: Caller, id: string) => toApiPipelineV2(ctx, pipelines.getPipeline(ctx, caller, id));

/** GetPipelineByName: GET /pipelines/names/{name}?namespace=... */
export const getPipelineByNameV2 = (ctx: ServiceContext, caller: Caller, name: string, query: Query) =>
  toApiPipelineV2(ctx, pipelines.getPipelineByName(ctx, caller, query.get('namespace') ?? '', name));

export function listPipelinesV2(ctx: ServiceContext, caller: Caller, query: Query): Record<string, unknown> {
  const page = pipelines.listPipelines(ctx, caller, query.get('namespace') ?? '', listQuery(query, 'v2beta1'));
  return { pipelines: page.items.map((p) => toApiPipelineV2(ctx, p)), total_size: page.totalSize, next_page_token: page.nextPageToken };
}

export function listPipelineVersionsV2(ctx: ServiceContext, caller: Caller, pipelineId: string, query: Query): Record<string, unknown> {
  const page = pipelines.listPipelineVersions(ctx, caller, pipelineId, listQuery(query, 'v2beta1'));
  return { pipeline_versions: page.items.map((v) => toApiPipelineVersionV2(ctx, v)), next_page_token: page.nextPageToken, total_size: page.totalSize };
}

export const getPipelineVersionV2 = (ctx: ServiceContext, caller: Caller, versionId: string) =>
  toApiPipelineVersionV2(ctx, pipelines.getPipelineVersion(ctx, caller, versionId));
