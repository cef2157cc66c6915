// Where a pipeline (or a parameter value) comes from, after the team config has
// been normalised: every inherited key is filled in.

/** The rendered `workflow.yaml` of an Nx pipeline project: `<root>/RENDERED_PIPELINE[_<variant>]/workflow.yaml`. */
export interface ProjectSourceRef {
  kind: 'project';
  project: string;
  variant?: string;
}

/** A parameter file of an Nx pipeline project: `<root>/RENDERED_PIPELINE[_<variant>]/params/<param>`. */
export interface ProjectParamSourceRef {
  kind: 'project-param';
  project: string;
  variant?: string;
  param: string;
}

/** A workspace-relative path: a file, or (for a pipeline) a rendered folder holding `workflow.yaml`. */
export interface WorkspaceSourceRef {
  kind: 'workspace';
  path: string;
}

/** Any repository `git` can fetch from (URL or local path), at a branch, tag or commit. */
export interface GitSourceRef {
  kind: 'git';
  url: string;
  ref: string;
  /** Path inside the repository; for a pipeline, a folder means `<path>/workflow.yaml`. */
  path: string;
}

/** A file in a GitHub (or GitHub Enterprise) repository, read through the REST API. */
export interface GithubSourceRef {
  kind: 'github';
  owner: string;
  repo: string;
  ref: string;
  path: string;
  /** API base URL; when absent, env GITHUB_API_URL, else https://api.github.com. */
  apiUrl?: string;
}

/** A recurring run's `pipeline_source`. */
export type PipelineSourceRef = ProjectSourceRef | WorkspaceSourceRef | GitSourceRef | GithubSourceRef;

/** A parameter's `valueFrom`. */
export type FileSourceRef = ProjectParamSourceRef | WorkspaceSourceRef | GitSourceRef | GithubSourceRef;

export type SourceRef = PipelineSourceRef | FileSourceRef;
