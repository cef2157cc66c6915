import { randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { invalidInput } from '../errors/api-error';
import type { StoredParameter } from '../state/state';

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
    doc = parseYaml(manifest);
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

/** The workflow as the server would submit it: parameters substituted, SA and a name set. */
export function runtimeWorkflow(wf: ArgoWorkflow, given: StoredParameter[], serviceAccount: string, runId: string): string {
  const copy = structuredClone(wf);
  const values = new Map(given.map((p) => [p.name, p.value]));
  const spec = (copy.spec ??= {});
  spec.serviceAccountName = serviceAccount;
  if (spec.arguments?.parameters) {
    spec.arguments.parameters = spec.arguments.parameters.map((p) => (values.has(p.name) ? { ...p, value: values.get(p.name) } : p));
  }
  const metadata = (copy.metadata ??= {});
  const generateName = typeof metadata.generateName === 'string' ? metadata.generateName : 'run-';
  metadata.name = `${generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
  delete metadata.generateName;
  const labels = (metadata.labels ?? {}) as Record<string, string>;
  metadata.labels = { ...labels, 'pipeline/runid': runId };
  return JSON.stringify(copy);
}
