import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const WORKFLOW_FILE = join(__dirname, '..', 'fixtures', 'example-pipeline-1.workflow.yaml');
export const WORKFLOW_YAML = readFileSync(WORKFLOW_FILE, 'utf8');
/** What the v1 SDK sends: the YAML loaded and re-serialised as JSON. */
export const WORKFLOW_JSON = JSON.stringify(parse(WORKFLOW_YAML));

export const experimentRef = (id: string) => ({ key: { type: 'EXPERIMENT', id }, relationship: 'OWNER' });
export const namespaceRef = (id: string) => ({ key: { type: 'NAMESPACE', id }, relationship: 'OWNER' });

export const q = (params: Record<string, string | number>): string =>
  '?' + Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');

/** The filter as KFP clients send it: JSON encoded once by the caller, then again by the query builder. */
export const filterParam = (filter: unknown): string => encodeURIComponent(JSON.stringify(filter));
