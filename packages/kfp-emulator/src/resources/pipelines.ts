import { authorize } from '../auth/authorize';
import { alreadyExists, invalidInput, notFound } from '../errors/api-error';
import type { ListModel } from '../list/list-model';
import { stringField, timeField } from '../list/list-model';
import { listPage, type ListPage, type ListQuery } from '../list/list-request';
import type { StoredPipeline, StoredPipelineVersion } from '../state/state';
import type { Caller, ServiceContext } from './context';
import { replaceNamespace } from './list-scope';
import { latestVersion, parseTemplate } from './pipeline-source';
import { workflowParameters } from './workflow';

/** 2.14 keeps a display name beside the name; before, `display_name` was the name (model/pipeline.go). */
export const displayNameOf = (p: StoredPipeline | StoredPipelineVersion): string => p.displayName ?? p.name;

/** model.Pipeline's field map (model/pipeline.go at 2.1.0 and 2.14.0), shared by both APIs. */
export const pipelineListModel: ListModel<StoredPipeline> = {
  name: 'pipelines',
  typeName: 'Pipeline',
  key: (p) => p.id,
  fields: {
    id: stringField((p) => p.id),
    pipeline_id: stringField((p) => p.id),
    name: stringField((p) => p.name),
    display_name: stringField(displayNameOf),
    created_at: timeField((p) => p.createdMs),
    description: stringField((p) => p.description),
    namespace: stringField((p) => p.namespace),
  },
};

/** model.PipelineVersion's field map, shared by both APIs. */
export const pipelineVersionListModel: ListModel<StoredPipelineVersion> = {
  name: 'pipeline_versions',
  typeName: 'PipelineVersion',
  key: (v) => v.id,
  fields: {
    id: stringField((v) => v.id),
    pipeline_version_id: stringField((v) => v.id),
    name: stringField((v) => v.name),
    display_name: stringField(displayNameOf),
    created_at: timeField((v) => v.createdMs),
    description: stringField((v) => v.description),
    status: stringField(() => 'READY'),
  },
};

/** model.Pipeline / model.PipelineVersion as a create request names them. */
export interface PipelineNames {
  name: string;
  /** 2.14 only; defaults to the name. */
  displayName?: string;
  description: string;
}

export function findPipeline(ctx: ServiceContext, id: string): StoredPipeline {
  const pipeline = ctx.state.pipelines.find((p) => p.id === id);
  if (!pipeline) throw notFound('Pipeline', id);
  return pipeline;
}

export function findVersion(ctx: ServiceContext, id: string): StoredPipelineVersion {
  const version = ctx.state.pipelineVersions.find((v) => v.id === id);
  if (!version) throw notFound('PipelineVersion', id);
  return version;
}

/** Shared pipelines (no namespace) skip authorization, as KFP 2.1 does (PipelineServer.canAccessPipeline). */
export function authorizePipeline(ctx: ServiceContext, caller: Caller, namespace: string, verb: string): void {
  if (namespace !== '') authorize(ctx, caller, namespace, verb, 'pipelines');
}

/**
 * The version's parameters as v1beta1 shows them: an Argo workflow's arguments; none for a v2 pipeline
 * spec (V2Spec.ParametersJSON returns "[]"). Throws template.New's error for anything else.
 */
export function templateParameters(template: string): { name: string; value?: string }[] {
  const parsed = parseTemplate(template, 'the uploaded pipeline');
  return parsed.kind === 'argo' ? workflowParameters(parsed.workflow) : [];
}

/** The pipeline's default version (v1beta1's notion): the one set as default, else the latest. */
export function defaultVersionOf(ctx: ServiceContext, p: StoredPipeline): StoredPipelineVersion | undefined {
  return ctx.state.pipelineVersions.find((v) => v.id === p.defaultVersionId) ?? latestVersion(ctx, p.id);
}

/** PipelineStore.CreatePipeline: names are unique within a namespace. */
export function insertPipeline(ctx: ServiceContext, names: PipelineNames, namespace: string): StoredPipeline {
  if (ctx.state.pipelines.some((p) => p.name === names.name && p.namespace === namespace)) {
    throw alreadyExists(`Failed to create a new pipeline. The name ${names.name} already exists. Please specify a new name`);
  }
  const pipeline: StoredPipeline = { id: ctx.newId(), seq: ctx.nextSeq(), name: names.name, description: names.description, namespace, createdMs: ctx.now() };
  if (names.displayName !== undefined && names.displayName !== names.name) pipeline.displayName = names.displayName;
  ctx.state.pipelines.push(pipeline);
  return pipeline;
}

/** PipelineStore.CreatePipelineVersion: names are unique within a pipeline; the new version becomes the default. */
export function insertVersion(ctx: ServiceContext, pipeline: StoredPipeline, names: PipelineNames, template: string): StoredPipelineVersion {
  if (ctx.state.pipelineVersions.some((v) => v.pipelineId === pipeline.id && v.name === names.name)) {
    throw alreadyExists(`Failed to create a new pipeline version. The name ${names.name} already exists in pipeline ${pipeline.id}. Please specify a new name`);
  }
  const version: StoredPipelineVersion = {
    id: ctx.newId(),
    seq: ctx.nextSeq(),
    pipelineId: pipeline.id,
    name: names.name,
    description: names.description,
    createdMs: ctx.now(),
    template,
    parameters: templateParameters(template),
  };
  if (names.displayName !== undefined && names.displayName !== names.name) version.displayName = names.displayName;
  ctx.state.pipelineVersions.push(version);
  pipeline.defaultVersionId = version.id;
  return version;
}

/** PipelineServer.createPipeline (v2beta1 CreatePipeline): a pipeline with no version yet. */
export function createPipeline(ctx: ServiceContext, caller: Caller, names: PipelineNames, requestedNamespace: string): StoredPipeline {
  const namespace = replaceNamespace(ctx, requestedNamespace);
  authorizePipeline(ctx, caller, namespace, 'create');
  return insertPipeline(ctx, names, namespace);
}

export function getPipeline(ctx: ServiceContext, caller: Caller, id: string): StoredPipeline {
  const pipeline = findPipeline(ctx, id);
  authorizePipeline(ctx, caller, pipeline.namespace, 'get');
  return pipeline;
}

/** getPipelineByName: the namespace's pipeline of that name (the shared ones in single-user mode). */
export function getPipelineByName(ctx: ServiceContext, caller: Caller, requestedNamespace: string, name: string): StoredPipeline {
  const namespace = replaceNamespace(ctx, requestedNamespace);
  authorizePipeline(ctx, caller, namespace, 'get');
  const pipeline = ctx.state.pipelines.find((p) => p.name === name && p.namespace === namespace);
  if (!pipeline) throw notFound('Pipeline', name);
  return pipeline;
}

/** listPipelines: the namespace's pipelines; the shared ones when it is empty (always in single-user mode). */
export function listPipelines(ctx: ServiceContext, caller: Caller, requestedNamespace: string, query: ListQuery): ListPage<StoredPipeline> {
  const namespace = replaceNamespace(ctx, requestedNamespace);
  authorizePipeline(ctx, caller, namespace, 'list');
  return listPage(
    ctx.state.pipelines.filter((p) => p.namespace === namespace),
    pipelineListModel,
    query,
  );
}

/** ResourceManager.DeletePipeline: only without versions, unless `cascade` (2.14's v2beta1) deletes them first. */
export function deletePipeline(ctx: ServiceContext, caller: Caller, id: string, cascade = false): void {
  const pipeline = findPipeline(ctx, id);
  authorizePipeline(ctx, caller, pipeline.namespace, 'delete');
  if (cascade) ctx.state.pipelineVersions = ctx.state.pipelineVersions.filter((v) => v.pipelineId !== id);
  if (ctx.state.pipelineVersions.some((v) => v.pipelineId === id)) {
    throw invalidInput(`Failed to delete pipeline ${id}. Pipeline has existing pipeline versions. Delete them first`).wrap('Failed to delete a pipeline');
  }
  ctx.state.pipelines = ctx.state.pipelines.filter((p) => p.id !== id);
}

export function listPipelineVersions(ctx: ServiceContext, caller: Caller, pipelineId: string, query: ListQuery): ListPage<StoredPipelineVersion> {
  const pipeline = findPipeline(ctx, pipelineId);
  authorizePipeline(ctx, caller, pipeline.namespace, 'list');
  return listPage(
    ctx.state.pipelineVersions.filter((v) => v.pipelineId === pipelineId),
    pipelineVersionListModel,
    query,
  );
}

export function getPipelineVersion(ctx: ServiceContext, caller: Caller, id: string): StoredPipelineVersion {
  const version = findVersion(ctx, id);
  authorizePipeline(ctx, caller, findPipeline(ctx, version.pipelineId).namespace, 'get');
  return version;
}

export function deletePipelineVersion(ctx: ServiceContext, caller: Caller, id: string): void {
  const version = findVersion(ctx, id);
  const pipeline = findPipeline(ctx, version.pipelineId);
  authorizePipeline(ctx, caller, pipeline.namespace, 'delete');
  ctx.state.pipelineVersions = ctx.state.pipelineVersions.filter((v) => v.id !== id);
  if (pipeline.defaultVersionId === id) pipeline.defaultVersionId = latestVersion(ctx, pipeline.id)?.id;
}
