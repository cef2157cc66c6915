import { randomBytes, randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { invalidInput } from '../errors/api-error';
import type { StoredParameter } from '../state/state';
import { formatParameter, type MacroValues } from './parameter-macros';

/** The parts of an Argo Workflow the API server looks at. */
export interface ArgoWorkflow {
  apiVersion: string;
  kind: string;
  metadata?: Record<string, unknown>;
  spec?: Record<string, unknown> & {
    arguments?: { parameters?: { name: string; value?: string }[] };
    serviceAccountName?: string;
  };
  [key: string]: unknown;
}

export const MAX_PARAMETER_BYTES = 10000;

/** 2.x parses YAML or JSON (JSON is YAML); the document must be an Argo Workflow. */
export function parseWorkflow(manifest: string, field: string): ArgoWorkflow {
  let doc: unknown;
  try {
    // JSON (what clients send and the server stores) is YAML; JSON.parse is just much faster.
    doc = parseJsonOrUndefined(manifest) ?? parseYaml(manifest);
  } catch (error) {
    throw invalidInput(`Failed to unmarshal ${field}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw invalidInput(`Failed to unmarshal ${field}: not a YAML/JSON object`);
  }
  const wf = doc as Record<string, unknown>;
  if (wf.apiVersion !== 'argoproj.io/v1alpha1' || wf.kind !== 'Workflow') {
    throw invalidInput(
      `Unexpected resource type in ${field}. Expected apiVersion argoproj.io/v1alpha1 and kind Workflow, got apiVersion ${JSON.stringify(wf.apiVersion ?? '')} and kind ${JSON.stringify(wf.kind ?? '')}`,
    );
  }
  const params = (wf.spec as ArgoWorkflow['spec'])?.arguments?.parameters;
  if (params !== undefined && (!Array.isArray(params) || params.some((p) => typeof p?.name !== 'string'))) {
    throw invalidInput(`${field}: spec.arguments.parameters must be a list of {name, value}`);
  }
  return wf as ArgoWorkflow;
}

function parseJsonOrUndefined(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function workflowParameters(wf: ArgoWorkflow): { name: string; value?: string }[] {
  return (wf.spec?.arguments?.parameters ?? []).map((p) => ({
    name: p.name,
    ...(p.value === undefined || p.value === null ? {} : { value: String(p.value) }),
  }));
}

/** util.VerifyParameters: every given name must be declared by the workflow. */
export function verifyParameters(wf: ArgoWorkflow, given: StoredParameter[]): void {
  const declared = new Set(workflowParameters(wf).map((p) => p.name));
  for (const p of given) {
    if (!declared.has(p.name)) throw invalidInput(`Unrecognized input parameter: ${p.name}`);
  }
}

export function verifyParameterSize(given: StoredParameter[]): void {
  const size = Buffer.byteLength(JSON.stringify(given), 'utf8');
  if (size > MAX_PARAMETER_BYTES) {
    throw invalidInput(`The input parameter length exceed maximum size of ${MAX_PARAMETER_BYTES}.`);
  }
}

/** How a workflow is submitted: by the API server for a run, or by the ScheduledWorkflow controller. */
export interface Submission {
  /** The name the controller chose (scheduled runs); else Kubernetes completes the workflow's generateName. */
  name?: string;
  namespace: string;
  runId: string;
  serviceAccount: string;
  /** Parameter values that override the workflow's, before macros are filled in. */
  parameters: StoredParameter[];
  macros: MacroValues;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** Labels every template gets (the API server's cache flag). */
  templateLabels?: Record<string, string>;
  ownerReferences?: Record<string, unknown>[];
  createdMs: number;
}

/** Random suffix of a Kubernetes generateName: five characters of this alphabet (apimachinery's rand.String). */
const K8S_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export const k8sNameSuffix = (): string => Array.from(randomBytes(5), (b) => K8S_NAME_ALPHABET[b % K8S_NAME_ALPHABET.length]).join('');

/**
 * The workflow as it was created in Kubernetes, JSON, like Argo.RunWorkflow (template/argo_template.go)
 * and ScheduledWorkflow.NewWorkflow (crd/controller/scheduledworkflow/util/scheduled_workflow.go) at
 * 2.1.0 make it: parameters overridden and their macros filled in, the service account, the
 * `pipeline/runid` label on the workflow and its pods, Istio injection off on every template,
 * {{workflow.uid}} replaced by the run id, then the name, namespace and uid Kubernetes gives it.
 */
export function submittedWorkflow(wf: ArgoWorkflow, submission: Submission): string {
  const copy = structuredClone(wf);
  const spec = (copy.spec ??= {});
  const values = new Map(submission.parameters.map((p) => [p.name, p.value]));
  if (spec.arguments?.parameters) {
    spec.arguments.parameters = spec.arguments.parameters.map((p) => {
      const value = values.has(p.name) ? values.get(p.name) : p.value;
      return value === undefined || value === null ? p : { ...p, value: formatParameter(String(value), submission.macros) };
    });
  }
  spec.serviceAccountName = submission.serviceAccount;
  const podMetadata = (spec.podMetadata ??= {}) as { labels?: Record<string, string> };
  podMetadata.labels = { ...podMetadata.labels, 'pipeline/runid': submission.runId };
  const templates = Array.isArray(spec.templates) ? (spec.templates as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } }[]) : [];
  for (const template of templates) {
    const metadata = (template.metadata ??= {});
    if (submission.templateLabels) metadata.labels = { ...metadata.labels, ...submission.templateLabels };
    metadata.annotations = { 'sidecar.istio.io/inject': 'false', ...metadata.annotations };
  }

  const metadata = (copy.metadata ??= {});
  if (submission.name !== undefined) {
    metadata.name = submission.name;
    delete metadata.generateName;
  } else if (typeof metadata.generateName === 'string' && metadata.generateName !== '') {
    metadata.name = `${metadata.generateName}${k8sNameSuffix()}`;
  }
  metadata.namespace = submission.namespace;
  metadata.uid = randomUUID();
  metadata.creationTimestamp = new Date(Math.floor(submission.createdMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  metadata.labels = { ...(metadata.labels as Record<string, string> | undefined), ...submission.labels, 'pipeline/runid': submission.runId };
  if (submission.annotations) metadata.annotations = { ...(metadata.annotations as Record<string, string> | undefined), ...submission.annotations };
  if (submission.ownerReferences) metadata.ownerReferences = submission.ownerReferences;
  return JSON.stringify(copy).replaceAll('{{workflow.uid}}', submission.runId);
}
