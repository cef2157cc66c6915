import { isRecord } from '../utils/is-record';
import { RECURRING_RUNS_KEY } from './layout';

/**
 * What a recurring_runs.yaml document points at inside this workspace: project
 * names (`project:`) and workspace-relative paths (`file_path` of workspace
 * sources, and of valueFrom entries that inherit a workspace location).
 * Tolerant of invalid content: validate reports that; this only finds edges.
 */
export function workspaceReferences(doc: unknown): { projects: string[]; paths: string[] } {
  const projects = new Set<string>();
  const paths = new Set<string>();
  const runs = isRecord(doc) && Array.isArray(doc[RECURRING_RUNS_KEY]) ? doc[RECURRING_RUNS_KEY] : [];
  const addSource = (source: unknown, workspaceRelative: boolean) => {
    if (!isRecord(source)) return;
    if (typeof source.project === 'string') projects.add(source.project);
    if (workspaceRelative && typeof source.file_path === 'string') paths.add(source.file_path);
  };
  for (const run of runs) {
    if (!isRecord(run)) continue;
    const source = run.pipeline_source;
    // Only sources inside this workspace count: GitHub and git sources live elsewhere.
    const inWorkspace = isRecord(source) && source.github_owner === undefined && source.url === undefined;
    addSource(source, inWorkspace);
    const params = Array.isArray(run.pipeline_parameters) ? run.pipeline_parameters : [];
    for (const param of params) {
      if (!isRecord(param) || !isRecord(param.valueFrom)) continue;
      const from = param.valueFrom;
      const ownLocation = from.github_owner !== undefined || from.url !== undefined;
      addSource(from, ownLocation ? false : from.project !== undefined || inWorkspace);
    }
  }
  return { projects: [...projects].sort(), paths: [...paths].sort() };
}
