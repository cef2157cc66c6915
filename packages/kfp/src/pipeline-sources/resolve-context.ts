export interface ResolveContext {
  /** Absolute workspace root; workspace paths and relative local git paths are resolved against it. */
  workspaceRoot: string;
  /** Nx project name to its root (workspace-relative or absolute). */
  projectRoots: ReadonlyMap<string, string>;
  /** Nx project name to the name of its render target, when it is not `render`. */
  renderTargets?: ReadonlyMap<string, string>;
  /** Where fetched repositories and files are cached (by commit). */
  cacheDir: string;
  /** GITHUB_TOKEN, GITHUB_API_URL. */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Set when the context is made before the projects are known (kfp-reconcile,
   * which resolves only what a team deploys): validateTeam calls it once with
   * every project name the team's files name, and reads through the context
   * it returns.
   */
  withProjects?: (names: readonly string[]) => Promise<ResolveContext>;
}

export interface ResolvedFile {
  /** The file's text, exactly as stored (a trailing newline is kept). */
  content: string;
  /** A short human name for the file, e.g. `github:owner/repo@main:path`. */
  displayName: string;
  /** The commit the file was read at, for git and GitHub sources. */
  revision?: string;
  /** Things the reader did differently than asked (e.g. no credentials sent); reported as warnings. */
  warnings?: string[];
}

export interface ResolveOptions {
  /** When the path names a folder, read the first of these files that is inside it (e.g. `workflow.yaml`, `pipeline.yaml`); otherwise a folder is an error. */
  folderFiles?: readonly string[];
  /** The largest file accepted (default: a parameter file's limit). */
  maxBytes?: number;
}

/** A source that cannot be read; the message names the source and never holds credentials. */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

/** The command that renders a workspace pipeline (or one variant of it), for hints. */
export function renderCommand(ctx: Pick<ResolveContext, 'renderTargets'>, project: string, variant?: string): string {
  return `nx run ${project}:${ctx.renderTargets?.get(project) ?? 'render'}${variant ? ` --variant ${variant}` : ''}`;
}
