import { ApiError } from '../errors/api-error';
import { uploadErrorResponse } from '../errors/error-body';
import { formatGoError, goErrorMessage, type GoErrorLayer, type GoFrame } from '../errors/go-error';
import { boundaryOf, parseMultipart } from '../http/multipart';
import type { Reply } from '../http/reply';
import type { StoredPipeline, StoredPipelineVersion } from '../state/state';
import type { Caller, Query, ServiceContext } from './context';
import { replaceNamespace } from './list-scope';
import { readPipelineFile } from './pipeline-file';
import { authorizePipeline, findPipeline, insertPipeline, insertVersion, templateParameters, type PipelineNames } from './pipelines';

/** The raw request of an upload: the handler reads the multipart form itself. */
export interface UploadRequest {
  contentType: string | undefined;
  body: Buffer;
}

/** The upload handler's own error answer (it is plain net/http, not the gateway). */
export class UploadFailure extends Error {
  constructor(readonly reply: Reply) {
    super(`upload failed with HTTP ${reply.status}`);
  }
}

const WRAP: GoFrame = { func: 'github.com/kubeflow/pipelines/backend/src/common/util.Wrap', file: 'common/util/error.go', line: 352 };
const HANDLER: Record<'pipeline' | 'version', GoFrame> = {
  pipeline: { func: 'github.com/kubeflow/pipelines/backend/src/apiserver/server.(*PipelineUploadServer).uploadPipeline', file: 'apiserver/server/pipeline_upload_server.go', line: 97 },
  version: { func: 'github.com/kubeflow/pipelines/backend/src/apiserver/server.(*PipelineUploadServer).uploadPipelineVersion', file: 'apiserver/server/pipeline_upload_server.go', line: 188 },
};

/**
 * writeErrorToResponse (server/pipeline_upload_server.go at 2.1.0): `error_message` is err.Error() and
 * `error_details` "%+v" of it, which for KFP's own errors is the same chain and for a plain Go error
 * adds its stack. Errors raised before the handler sets Content-Type go out as sniffed text/plain.
 */
function fail(status: number, error: ApiError | GoErrorLayer[], contentType: 'json' | 'sniffed-text'): never {
  const reply =
    error instanceof ApiError
      ? uploadErrorResponse(status, error.chain, error.chain, contentType)
      : uploadErrorResponse(status, goErrorMessage(error), formatGoError(error), contentType);
  throw new UploadFailure(reply);
}

function wrapped(error: unknown, context: string): ApiError {
  if (error instanceof ApiError) return error.wrap(context);
  throw error;
}

/** r.FormFile("uploadfile"): net/http's errors are plain Go errors, wrapped with a stack by util.Wrap. */
function formFile(request: UploadRequest, context: string, handler: 'pipeline' | 'version'): { filename: string; data: Buffer } {
  const boundary = boundaryOf(request.contentType);
  const part = boundary ? parseMultipart(request.body, boundary).find((p) => p.name === 'uploadfile') : undefined;
  if (part) return { filename: part.filename ?? '', data: part.data };
  const cause = boundary ? 'http: no such file' : "request Content-Type isn't multipart/form-data";
  return fail(400, [{ message: cause }, { message: context, stack: [WRAP, HANDLER[handler]] }], 'sniffed-text');
}

/** Upload authorization (canUploadVersionedPipeline): any failure, even a missing identity, is a 400. */
function authorizeUpload(ctx: ServiceContext, caller: Caller, namespace: string, context: string): void {
  try {
    authorizePipeline(ctx, caller, namespace, 'create');
  } catch (error) {
    fail(400, wrapped(error, 'Authorization Failure').wrap(context), 'sniffed-text');
  }
}

/**
 * The names of an upload: `name`, else the file's name (2.14: `name`, else `display_name`, else the
 * file's name, and a display name of `display_name`, else the name; buildPipelineName).
 */
function uploadNames(ctx: ServiceContext, query: Query, fileName: string): PipelineNames {
  const description = query.get('description') ?? '';
  if (ctx.flavor === '2.1') return { name: query.get('name') || fileName, description };
  const name = query.get('name') || query.get('display_name') || fileName;
  return { name, displayName: query.get('display_name') || name, description };
}

/**
 * POST /apis/v1beta1/pipelines/upload and /apis/v2beta1/pipelines/upload, one handler for both APIs
 * (PipelineUploadServer.uploadPipeline): a new pipeline and its first version, named as uploadNames says.
 * `answer` is the API's own form of the result.
 */
export function uploadPipeline(
  ctx: ServiceContext,
  caller: Caller,
  query: Query,
  request: UploadRequest,
  answer: (pipeline: StoredPipeline, version: StoredPipelineVersion) => unknown,
): unknown {
  const file = formFile(request, 'Failed to read pipeline from file', 'pipeline');
  let template: string;
  try {
    template = readPipelineFile(file.filename, file.data);
  } catch (error) {
    return fail(400, wrapped(error, 'Failed to read a pipeline spec file'), 'sniffed-text');
  }
  const namespace = replaceNamespace(ctx, query.get('namespace') ?? '');
  authorizeUpload(ctx, caller, namespace, 'Failed to create a pipeline due to authorization error');

  const names = uploadNames(ctx, query, file.filename);
  try {
    templateParameters(template);
  } catch (error) {
    const context = 'Failed to create a pipeline and a pipeline version due to template creation error';
    return fail(500, wrapped(error, context).wrap('Failed to create a pipeline and a pipeline version'), 'json');
  }
  let pipeline: StoredPipeline;
  try {
    pipeline = insertPipeline(ctx, names, namespace);
  } catch (error) {
    return fail(409, wrapped(error, 'Failed to create a pipeline and a pipeline version. The pipeline already exists.'), 'json');
  }
  return answer(pipeline, insertVersion(ctx, pipeline, names, template));
}

/** POST /apis/{v1beta1,v2beta1}/pipelines/upload_version?pipelineid=...: a new version of a pipeline. */
export function uploadPipelineVersion(
  ctx: ServiceContext,
  caller: Caller,
  query: Query,
  request: UploadRequest,
  answer: (version: StoredPipelineVersion) => unknown,
): unknown {
  const file = formFile(request, 'Failed to create a pipeline version due to error parsing pipeline spec filename', 'version');
  let template: string;
  try {
    template = readPipelineFile(file.filename, file.data);
  } catch (error) {
    return fail(400, wrapped(error, 'Failed to create a pipeline version due to error reading pipeline spec file'), 'sniffed-text');
  }
  const pipelineId = query.get('pipelineid') ?? '';
  if (pipelineId === '') {
    return fail(400, [{ message: 'Failed to create a pipeline version due to error reading pipeline id', stack: [HANDLER.version] }], 'sniffed-text');
  }
  let pipeline: StoredPipeline;
  try {
    pipeline = findPipeline(ctx, pipelineId);
  } catch (error) {
    const context = `Failed to get namespace for pipeline id ${pipelineId}`;
    return fail(400, wrapped(error, context).wrap('Failed to create a pipeline version due to error reading namespace'), 'sniffed-text');
  }
  authorizeUpload(ctx, caller, pipeline.namespace, 'Failed to create a pipeline version due to authorization error');

  const names = uploadNames(ctx, query, file.filename);
  try {
    templateParameters(template);
  } catch (error) {
    return fail(500, wrapped(error, 'Failed to create a pipeline version'), 'json');
  }
  try {
    return answer(insertVersion(ctx, pipeline, names, template));
  } catch (error) {
    return fail(409, wrapped(error, 'Failed to create a pipeline version. The pipeline already exists.'), 'json');
  }
}
