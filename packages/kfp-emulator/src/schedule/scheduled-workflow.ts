import { setRunStatus } from '../clock/run-lifecycle';
import { expectReport } from './persistence-agent';
import { maxConcurrency, nextScheduledSec } from './next-scheduled-time';
import type { ServiceContext } from '../resources/context';
import { latestVersion } from '../resources/pipeline-source';
import { k8sNameSuffix, parseWorkflow, submittedWorkflow, type ArgoWorkflow } from '../resources/workflow';
import type { StoredJob, StoredRun } from '../state/state';

const SWF_LABEL = 'scheduledworkflows.kubeflow.org';

/**
 * The ScheduledWorkflow's name: toSWFCRDResourceGeneratedName (template/template.go at 2.1.0) keeps
 * [a-z0-9-] of the lower-cased job name, cut to 25 characters ("job-" if nothing is left), and
 * Kubernetes completes that generateName with five random characters.
 */
export function scheduledWorkflowName(jobName: string): string {
  const generateName = jobName.toLowerCase().replace(/[^a-z0-9-]+/g, '').slice(0, 25) || 'job-';
  return `${generateName}${k8sNameSuffix()}`;
}

/** NextResourceName: `<swf>-<index>-<FNV-1a 32 of "<swf>-<index>">`, so a retried submission finds its workflow. */
export function workflowName(swfName: string, index: number): string {
  const id = `${swfName}-${index}`;
  return `${id}-${fnv1a32(id)}`;
}

/** Go's hash/fnv New32a over the UTF-8 bytes. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/**
 * One sync of the job's ScheduledWorkflow at `nowMs` (Controller.syncHandler, crd/controller/
 * scheduledworkflow/controller.go at 2.1.0): when it is enabled, below max_concurrency and a
 * scheduled time has come, it creates the next workflow, which the persistence agent reports as a
 * run. Returns the run, or undefined when nothing was due.
 */
export function submitNextWorkflowIfDue(ctx: ServiceContext, job: StoredJob, activeWorkflows: number, nowMs: number): StoredRun | undefined {
  if (!job.enabled || activeWorkflows >= maxConcurrency(job)) return undefined;
  const nowSec = Math.floor(nowMs / 1000);
  const scheduledSec = nextScheduledSec(job, nowSec);
  if (scheduledSec > nowSec) return undefined;
  const run = scheduledRun(ctx, job, scheduledSec, nowMs);
  ctx.state.runs.push(run);
  const experiment = ctx.state.experiments.find((e) => e.id === job.experimentId);
  if (experiment) experiment.lastRunCreatedMs = nowMs;
  job.lastIndex += 1;
  job.lastTriggeredSec = scheduledSec;
  expectReport(job, nowMs, ctx.timing);
  return run;
}

/** When the job could next create a workflow (its next scheduled time, seen from the earliest moment), in ms. */
export function nextFireMs(job: StoredJob, activeWorkflows: number, sinceMs: number): number | undefined {
  if (!job.enabled || activeWorkflows >= maxConcurrency(job)) return undefined;
  const sec = nextScheduledSec(job, Math.floor(sinceMs / 1000));
  return Number.isFinite(sec) ? Math.max(sec * 1000, sinceMs) : undefined;
}

/**
 * The run the persistence agent reports for a workflow of the job (ReportWorkflowResource in
 * resource/resource_manager.go at 2.1.0): named after the workflow, owned by the job's experiment and
 * namespace with a JOB reference, the job's pipeline spec with the workflow as its manifest, no service
 * account, scheduled_at from the workflow's epoch label. The emulator compiles no v2 pipeline spec, so
 * a run of a v2 job has no workflow: it keeps the pipeline spec it ran (for a 2.14 job that follows the
 * latest version, that version's).
 */
function scheduledRun(ctx: ServiceContext, job: StoredJob, scheduledSec: number, nowMs: number): StoredRun {
  const runId = ctx.newId();
  const index = job.lastIndex + 1;
  const name = workflowName(job.swfName, index);
  const workflow = jobWorkflow(ctx, job);
  const runtimeManifest = workflow
    ? submittedWorkflow(workflow, {
        name,
        namespace: job.namespace,
        runId,
        serviceAccount: job.serviceAccount,
        parameters: job.pipelineSpec.parameters,
        macros: { runId, nowSec: Math.floor(nowMs / 1000), scheduledSec, index },
        labels: {
          [`${SWF_LABEL}/scheduledWorkflowName`]: job.swfName,
          [`${SWF_LABEL}/workflowEpoch`]: String(scheduledSec),
          [`${SWF_LABEL}/workflowIndex`]: String(index),
          [`${SWF_LABEL}/isOwnedByScheduledWorkflow`]: 'true',
        },
        ownerReferences: [
          { apiVersion: 'kubeflow.org/v1beta1', kind: 'ScheduledWorkflow', name: job.swfName, uid: job.id, controller: true, blockOwnerDeletion: true },
        ],
        createdMs: nowMs,
      })
    : '';
  const ran = runtimeManifest ? { workflowManifest: executionSpec(runtimeManifest) } : followedSpec(ctx, job);
  const run: StoredRun = {
    id: runId,
    seq: ctx.nextSeq(),
    name,
    description: '',
    namespace: job.namespace,
    experimentId: job.experimentId,
    jobId: job.id,
    pipelineVersionId: job.pipelineVersionId,
    serviceAccount: '',
    pipelineSpec: { ...job.pipelineSpec, ...ran },
    runtimeManifest,
    createdMs: nowMs,
    scheduledMs: scheduledSec * 1000,
    phaseSinceMs: nowMs,
    status: 'Pending',
    storageState: 'AVAILABLE',
  };
  setRunStatus(run, 'Pending', nowMs);
  return run;
}

/** The pipeline spec a job that follows the latest version (2.14) ran: the latest version's. */
function followedSpec(ctx: ServiceContext, job: StoredJob): { pipelineManifest?: string } {
  const spec = job.pipelineSpec;
  if (spec.workflowManifest || spec.pipelineManifest || !spec.pipelineId) return {};
  const latest = latestVersion(ctx, spec.pipelineId);
  return latest ? { pipelineManifest: latest.template } : {};
}

/** The ScheduledWorkflow's workflow: the job's own manifest, or (a job not pinned to a version, 2.14) the pipeline's latest. */
function jobWorkflow(ctx: ServiceContext, job: StoredJob): ArgoWorkflow | undefined {
  const spec = job.pipelineSpec;
  const unpinned = !spec.workflowManifest && !spec.pipelineManifest && spec.pipelineId;
  const manifest = unpinned ? latestVersion(ctx, spec.pipelineId ?? '')?.template : spec.workflowManifest;
  if (!manifest) return undefined;
  try {
    return parseWorkflow(manifest, 'the recurring run workflow');
  } catch {
    return undefined;
  }
}

/** Workflow.GetExecutionSpec: the workflow without status, its metadata only a generateName of its name. */
function executionSpec(runtimeManifest: string): string {
  const workflow = JSON.parse(runtimeManifest) as ArgoWorkflow;
  return JSON.stringify({ ...workflow, metadata: { generateName: workflow.metadata?.name } });
}
