import { z } from 'zod';
import { KfpApiError } from './kfp-api-error';
import type { Experiment, Healthz, Job, Pipeline, PipelineVersion, Run, RunDetail, RunV2 } from './model';
import { sharedManifestReader, toExperiment, toExperimentV2, toHealthz, toJob, toPipeline, toPipelineVersion, toRecurringRunJob, toRun, toRunDetail, toRunV2 } from './normalize';
import { buildQuery, displayNameEqualsV2, encodeFilter, nameEquals, type ListFilter, type QueryValue } from './query';
import {
  experimentBody,
  experimentBodyV2,
  jobBody,
  recurringRunBodyV2,
  runBody,
  runBodyV2,
  type CreateExperimentInput,
  type CreateJobInput,
  type CreateRecurringRunV2Input,
  type CreateRunInput,
  type CreateRunV2Input,
} from './request-bodies';
import type { ApiRequest, KfpTransport, RetryMode } from './transport';
import { experimentUrl, jobUrl, runUrl } from './ui-links';
import {
  wireEmpty,
  wireExperiment,
  wireExperimentV2,
  wireHealthz,
  wireHealthzV2,
  wireListExperimentsV2,
  wireRecurringRunV2,
  wireRunV2,
  wireJob,
  wireListExperiments,
  wireListJobs,
  wireListRuns,
  wirePipeline,
  wirePipelineVersion,
  wireRunDetail,
} from './wire';

export interface ListOptions {
  filter?: ListFilter;
  /** `"field"`, `"field asc"` or `"field desc"`. */
  sortBy?: string;
  /** Page size for each request; the result always holds every page. */
  pageSize?: number;
}

export interface ListRunsOptions extends ListOptions {
  /** Runs of one experiment; takes precedence over `namespace`. */
  experimentId?: string;
  namespace?: string;
}

export interface UploadPipelineInput {
  name: string;
  description?: string;
  /** Private pipeline of a namespace; omit for a shared pipeline. */
  namespace?: string;
  /** Must end in .yaml, .yml or .json (or be a zip / tar.gz archive). */
  fileName: string;
  content: string | Uint8Array;
}

export interface UploadPipelineVersionInput {
  pipelineId: string;
  name: string;
  description?: string;
  fileName: string;
  content: string | Uint8Array;
}

/** The largest page the KFP API server returns (maxPageSize in list_request_util.go): the fewest requests. */
export const JOBS_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 200;
/** Guards against a server that keeps returning a next page token. */
const MAX_PAGES = 10_000;

type ListScope = { type: 'NAMESPACE' | 'EXPERIMENT'; id: string } | undefined;

/** Typed calls to the KFP v1beta1 API. Build one with `createKfpClient` (connection layer). */
export class KfpClient {
  constructor(
    private readonly transport: KfpTransport,
    /** Base of the KFP UI for deep links (host with its `/pipeline` prefix, or an explicit UI URL). */
    readonly uiBase: string,
    /** Namespace named in errors of calls that only take an id. */
    readonly defaultNamespace?: string,
  ) {}

  /** Human description of the credentials in use. */
  get identity(): string {
    return this.transport.identity;
  }

  async healthz(): Promise<Healthz> {
    const wire = await this.call({ operation: 'check KFP API health', method: 'GET', path: '/healthz', schema: wireHealthz, retry: 'idempotent' });
    return toHealthz(wire);
  }

  /** Whether the server serves the v2beta1 API (KFP 2.x does, KFP 1.x answers 404). */
  async servesV2(): Promise<boolean> {
    try {
      await this.call({ operation: 'check the v2beta1 API', method: 'GET', path: '/healthz', api: 'v2beta1', schema: wireHealthzV2, retry: 'idempotent' });
      return true;
    } catch (error) {
      if (error instanceof KfpApiError && error.reason === 'http' && (error.status === 404 || error.status === 501)) return false;
      throw error;
    }
  }

  // ---- experiments -------------------------------------------------------

  async listExperiments(namespace: string | undefined, opts: ListOptions = {}): Promise<Experiment[]> {
    return this.listPages('list experiments', '/experiments', scopeOf(namespace), opts, wireListExperiments, namespace, (page) => (page.experiments ?? []).map(toExperiment));
  }

  /** The experiment with exactly this name in the namespace (the server's match may ignore case). */
  async findExperimentByName(namespace: string | undefined, name: string): Promise<Experiment | undefined> {
    const found = (await this.listExperiments(namespace, { filter: nameEquals(name) })).filter((e) => e.name === name);
    if (found.length > 1) {
      throw new Error(`find experiment "${name}": ${found.length} experiments have this name in ${describeNamespace(namespace)}`);
    }
    return found[0];
  }

  /** Creates an experiment; after a failure of unknown outcome it looks the name up before trying again. */
  async createExperiment(input: CreateExperimentInput): Promise<Experiment> {
    const operation = `create experiment "${input.name}"`;
    return this.createOnce(
      operation,
      async () =>
        toExperiment(
          await this.call({ operation, method: 'POST', path: '/experiments', json: experimentBody(input), schema: wireExperiment, retry: 'none', namespace: input.namespace }),
        ),
      () => this.findExperimentByName(input.namespace, input.name),
      true,
    );
  }

  async unarchiveExperiment(id: string): Promise<void> {
    await this.action(`unarchive experiment ${id}`, 'POST', `/experiments/${encodeURIComponent(id)}:unarchive`, 'idempotent');
  }

  async archiveExperiment(id: string): Promise<void> {
    await this.action(`archive experiment ${id}`, 'POST', `/experiments/${encodeURIComponent(id)}:archive`, 'idempotent');
  }

  /** Deletes an experiment. A 404 after a retried attempt counts as done. */
  async deleteExperiment(id: string): Promise<void> {
    await this.action(`delete experiment ${id}`, 'DELETE', `/experiments/${encodeURIComponent(id)}`, 'delete');
  }

  // ---- runs --------------------------------------------------------------

  /** Starts a run from an inline workflow; after a failure of unknown outcome it looks for the run by name in the experiment first. */
  async createRun(input: CreateRunInput): Promise<RunDetail> {
    const operation = `create run "${input.name}"`;
    return this.createOnce(
      operation,
      async () =>
        toRunDetail(await this.call({ operation, method: 'POST', path: '/runs', json: runBody(input), schema: wireRunDetail, retry: 'none', namespace: input.namespace })),
      async () => {
        const runs = await this.listRuns({ experimentId: input.experimentId, filter: nameEquals(input.name), sortBy: 'created_at desc' });
        const match = runs.find((run) => run.name === input.name);
        return match ? this.getRun(match.id) : undefined;
      },
      false,
    );
  }

  async getRun(id: string): Promise<RunDetail> {
    const wire = await this.call({ operation: `get run ${id}`, method: 'GET', path: `/runs/${encodeURIComponent(id)}`, schema: wireRunDetail, retry: 'idempotent' });
    return toRunDetail(wire);
  }

  async listRuns(opts: ListRunsOptions = {}): Promise<Run[]> {
    const scope: ListScope = opts.experimentId ? { type: 'EXPERIMENT', id: opts.experimentId } : scopeOf(opts.namespace);
    return this.listPages('list runs', '/runs', scope, opts, wireListRuns, opts.namespace, (page) => (page.runs ?? []).map(toRun));
  }

  // ---- jobs (recurring runs) ---------------------------------------------

  /** Every job of the namespace, newest first: pages of 100 sorted by `created_at desc`, as the reference reconciler lists them. */
  async listJobs(namespace: string | undefined): Promise<Job[]> {
    return this.listJobPages(namespace, scopeOf(namespace), undefined);
  }

  /** Creates a recurring run; after a failure of unknown outcome it looks for the job by name (and experiment) first. */
  async createJob(input: CreateJobInput): Promise<Job> {
    const operation = `create job "${input.name}"`;
    const body = jobBody(input);
    return this.createOnce(
      operation,
      async () => toJob(await this.call({ operation, method: 'POST', path: '/jobs', json: body, schema: wireJob, retry: 'none', namespace: input.namespace })),
      async () => {
        const scope: ListScope = input.namespace ? { type: 'NAMESPACE', id: input.namespace } : { type: 'EXPERIMENT', id: input.experimentId };
        const jobs = await this.listJobPages(input.namespace, scope, nameEquals(input.name));
        return jobs.find((job) => job.name === input.name && job.experimentId === input.experimentId);
      },
      false,
    );
  }

  async enableJob(id: string): Promise<void> {
    await this.action(`enable job ${id}`, 'POST', `/jobs/${encodeURIComponent(id)}/enable`, 'idempotent');
  }

  async disableJob(id: string): Promise<void> {
    await this.action(`disable job ${id}`, 'POST', `/jobs/${encodeURIComponent(id)}/disable`, 'idempotent');
  }

  /** Deletes a job. A 404 after a retried attempt counts as done (the earlier attempt deleted it). */
  async deleteJob(id: string): Promise<void> {
    await this.action(`delete job ${id}`, 'DELETE', `/jobs/${encodeURIComponent(id)}`, 'delete');
  }

  // ---- v2beta1: experiments, runs, recurring runs --------------------------

  /** The experiment with exactly this name in the namespace, through v2beta1. */
  async findExperimentByNameV2(namespace: string | undefined, name: string): Promise<Experiment | undefined> {
    const query = buildQuery([
      ['page_size', DEFAULT_PAGE_SIZE],
      ['filter', encodeFilter(displayNameEqualsV2(name))],
      ['namespace', namespace],
    ]);
    const page = await this.call({ operation: `find experiment "${name}"`, method: 'GET', path: `/experiments${query}`, api: 'v2beta1', schema: wireListExperimentsV2, retry: 'idempotent', namespace });
    return (page.experiments ?? []).map(toExperimentV2).find((e) => e.name === name);
  }

  async createExperimentV2(input: CreateExperimentInput): Promise<Experiment> {
    const operation = `create experiment "${input.name}"`;
    return this.createOnce(
      operation,
      async () =>
        toExperimentV2(await this.call({ operation, method: 'POST', path: '/experiments', api: 'v2beta1', json: experimentBodyV2(input), schema: wireExperimentV2, retry: 'none', namespace: input.namespace })),
      () => this.findExperimentByNameV2(input.namespace, input.name),
      true,
    );
  }

  /** Starts a run of a v2 pipeline sent inline; after a failure of unknown outcome it looks for the run by name in the experiment first. */
  async createRunV2(input: CreateRunV2Input): Promise<RunV2> {
    const operation = `create run "${input.name}"`;
    return this.createOnce(
      operation,
      async () => toRunV2(await this.call({ operation, method: 'POST', path: '/runs', api: 'v2beta1', json: runBodyV2(input), schema: wireRunV2, retry: 'none', namespace: input.namespace })),
      async () => {
        const runs = await this.listRuns({ experimentId: input.experimentId, filter: nameEquals(input.name), sortBy: 'created_at desc' });
        const match = runs.find((run) => run.name === input.name);
        return match ? this.getRunV2(match.id) : undefined;
      },
      false,
    );
  }

  async getRunV2(id: string): Promise<RunV2> {
    return toRunV2(await this.call({ operation: `get run ${id}`, method: 'GET', path: `/runs/${encodeURIComponent(id)}`, api: 'v2beta1', schema: wireRunV2, retry: 'idempotent' }));
  }

  /**
   * Creates a v2 recurring run (a row of the same table as v1 jobs, so listed,
   * enabled, disabled and deleted with the v1beta1 calls); after a failure of
   * unknown outcome it looks for it by name first.
   */
  async createRecurringRunV2(input: CreateRecurringRunV2Input): Promise<Pick<Job, 'id' | 'name' | 'experimentId' | 'enabled'>> {
    const operation = `create recurring run "${input.name}"`;
    const body = recurringRunBodyV2(input);
    return this.createOnce(
      operation,
      async () =>
        toRecurringRunJob(await this.call({ operation, method: 'POST', path: '/recurringruns', api: 'v2beta1', json: body, schema: wireRecurringRunV2, retry: 'none', namespace: input.namespace })),
      async () => {
        const scope: ListScope = input.namespace ? { type: 'NAMESPACE', id: input.namespace } : { type: 'EXPERIMENT', id: input.experimentId };
        const jobs = await this.listJobPages(input.namespace, scope, nameEquals(input.name));
        return jobs.find((job) => job.name === input.name && job.experimentId === input.experimentId);
      },
      false,
    );
  }

  // ---- pipelines (multipart upload) --------------------------------------

  /** Uploads a pipeline file (multipart field `uploadfile`). Never retried: names are unique, a repeat would fail with 409. */
  async uploadPipeline(input: UploadPipelineInput): Promise<Pipeline> {
    const query = buildQuery([
      ['name', input.name],
      ['description', input.description],
      ['namespace', input.namespace],
    ]);
    const wire = await this.call({
      operation: `upload pipeline "${input.name}"`,
      method: 'POST',
      path: `/pipelines/upload${query}`,
      form: uploadForm(input.fileName, input.content),
      schema: wirePipeline,
      retry: 'none',
      namespace: input.namespace,
    });
    return toPipeline(wire);
  }

  /** Uploads a new version of a pipeline (multipart field `uploadfile`). Never retried. */
  async uploadPipelineVersion(input: UploadPipelineVersionInput): Promise<PipelineVersion> {
    const query = buildQuery([
      ['name', input.name],
      ['pipelineid', input.pipelineId],
      ['description', input.description],
    ]);
    const wire = await this.call({
      operation: `upload pipeline version "${input.name}"`,
      method: 'POST',
      path: `/pipelines/upload_version${query}`,
      form: uploadForm(input.fileName, input.content),
      schema: wirePipelineVersion,
      retry: 'none',
    });
    return toPipelineVersion(wire);
  }

  // ---- UI links ------------------------------------------------------------

  runUrl(id: string): string {
    return runUrl(this.uiBase, id);
  }

  jobUrl(id: string): string {
    return jobUrl(this.uiBase, id);
  }

  experimentUrl(id: string): string {
    return experimentUrl(this.uiBase, id);
  }

  // ---- plumbing ------------------------------------------------------------

  private call<T>(req: ApiRequest<T>): Promise<T> {
    return this.transport.request({ ...req, namespace: req.namespace ?? this.defaultNamespace });
  }

  private async action(operation: string, method: 'POST' | 'DELETE', path: string, retry: RetryMode): Promise<void> {
    await this.call({ operation, method, path, schema: wireEmpty, retry });
  }

  private async listJobPages(namespace: string | undefined, scope: ListScope, filter: ListFilter | undefined): Promise<Job[]> {
    const opts: ListOptions = { pageSize: JOBS_PAGE_SIZE, sortBy: 'created_at desc', ...(filter ? { filter } : {}) };
    const manifests = sharedManifestReader();
    return this.listPages('list jobs', '/jobs', scope, opts, wireListJobs, namespace, (page) => (page.jobs ?? []).map((job) => toJob(job, manifests)));
  }

  /**
   * Follows `next_page_token` to the end, re-sending page size, sort and filter
   * as the server requires. Each page is turned into `items` as it arrives, so
   * no page's wire form (a job's holds its whole manifest text) outlives it.
   */
  private async listPages<T extends { next_page_token?: string | null }, R>(
    operation: string,
    path: string,
    scope: ListScope,
    opts: ListOptions,
    schema: z.ZodType<T>,
    namespace: string | undefined,
    items: (page: T) => R[],
  ): Promise<R[]> {
    const found: R[] = [];
    let pages = 0;
    const seenTokens = new Set<string>();
    let token: string | undefined;
    do {
      const params: Array<readonly [string, QueryValue]> = [
        ['page_token', token],
        ['page_size', opts.pageSize ?? DEFAULT_PAGE_SIZE],
        ['sort_by', opts.sortBy],
        ['filter', opts.filter ? encodeFilter(opts.filter) : undefined],
        ['resource_reference_key.type', scope?.type],
        ['resource_reference_key.id', scope?.id],
      ];
      const page = await this.call({ operation, method: 'GET', path: `${path}${buildQuery(params)}`, schema, retry: 'idempotent', namespace });
      pages += 1;
      for (const item of items(page)) found.push(item);
      token = page.next_page_token || undefined;
      if (token !== undefined && (seenTokens.has(token) || pages >= MAX_PAGES)) {
        throw new KfpApiError({ operation, reason: 'invalid-response', status: 200, serverMessage: 'the server keeps returning the same next_page_token' });
      }
      if (token !== undefined) seenTokens.add(token);
    } while (token !== undefined);
    return found;
  }

  /**
   * A create is never blindly repeated. When an attempt fails and the server
   * may have carried it out anyway (a timeout, a reset, a 5xx), the object is
   * looked up after the backoff; after a timeout it is looked for again, with
   * growing pauses, for as long as a slow server could still be committing it.
   * Only when it is still absent, and the failure was transient, is the create
   * tried again.
   */
  private async createOnce<T>(operation: string, create: () => Promise<T>, findExisting: () => Promise<T | undefined>, uniqueName: boolean): Promise<T> {
    const attempts = Math.max(1, this.transport.retryPolicy.attempts);
    for (let attempt = 1; ; attempt++) {
      try {
        return await create();
      } catch (error) {
        if (!(error instanceof KfpApiError)) throw error;
        const retry = error.retryable && attempt < attempts;
        // A 409 on a repeat of a unique-name create means an earlier attempt got through.
        const duplicateOfEarlier = uniqueName && attempt > 1 && error.reason === 'http' && error.status === 409;
        if (retry) {
          const delay = this.transport.nextDelay(attempt, error.retryAfterMs);
          this.transport.log(`${operation}: ${error.summary}; retry ${attempt}/${attempts - 1} in ${delay} ms`);
          await this.transport.sleep(delay);
        }
        if (error.outcomeUnknown || duplicateOfEarlier) {
          this.transport.log(`${operation}: outcome unknown (${error.summary}); checking whether it exists`);
          const existing = await this.settle(operation, findExisting, duplicateOfEarlier ? 0 : settleWindowMs(error, this.transport.timeoutMs));
          if (existing !== undefined) {
            this.transport.log(`${operation}: found it, not creating it again`);
            return existing;
          }
        }
        if (!retry) throw error;
      }
    }
  }

  /** Looks for the object until it appears or `windowMs` of pauses have passed (first look at once, then with doubling pauses). */
  private async settle<T>(operation: string, find: () => Promise<T | undefined>, windowMs: number): Promise<T | undefined> {
    let waited = 0;
    for (let pause = SETTLE_FIRST_PAUSE_MS; ; pause *= 2) {
      const found = await find();
      if (found !== undefined || waited >= windowMs) return found;
      const next = Math.min(pause, windowMs - waited);
      this.transport.log(`${operation}: not there yet; looking again in ${next} ms`);
      await this.transport.sleep(next);
      waited += next;
    }
  }
}

const SETTLE_FIRST_PAUSE_MS = 250;

/**
 * How long a create of unknown outcome may still land. After a timeout (or a
 * gateway's 504) the server had the request and may still be working on it:
 * keep looking as long again as the client waited, at least 5 s. After a reset
 * or another 5xx the server is done one way or the other: one look.
 */
function settleWindowMs(error: KfpApiError, timeoutMs: number): number {
  const slow = error.reason === 'timeout' || (error.reason === 'http' && error.status === 504);
  return slow ? Math.max(timeoutMs, 5000) : 0;
}

function scopeOf(namespace: string | undefined): ListScope {
  return namespace ? { type: 'NAMESPACE', id: namespace } : undefined;
}

function describeNamespace(namespace: string | undefined): string {
  return namespace ? `namespace "${namespace}"` : 'the cluster';
}

function uploadForm(fileName: string, content: string | Uint8Array): FormData {
  const form = new FormData();
  const part = typeof content === 'string' ? content : new Uint8Array(content);
  form.append('uploadfile', new Blob([part]), fileName);
  return form;
}
