export { resolveFile, resolvePipelineFile } from './resolve-file';
export { SourceError, type ResolveContext, type ResolvedFile, type ResolveOptions } from './resolve-context';
export { describeSource, redactUrl } from './display-name';
export { DEFAULT_GITHUB_API_URL } from '../github/rest';
export type {
  SourceRef,
  PipelineSourceRef,
  FileSourceRef,
  ProjectSourceRef,
  ProjectParamSourceRef,
  WorkspaceSourceRef,
  GitSourceRef,
  GithubSourceRef,
} from './source-ref';
export { defaultSourceCacheDir } from './cache-dir';
