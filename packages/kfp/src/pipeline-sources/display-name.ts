import { PARAMS_DIR, renderedFolderName, WORKFLOW_FILE } from '../pipeline/layout';
import type { SourceRef } from './source-ref';

/** How a source is named in messages, before it is read. */
export function describeSource(ref: SourceRef): string {
  switch (ref.kind) {
    case 'project':
      return `project ${ref.project} (${renderedFolderName(ref.variant)}/${WORKFLOW_FILE})`;
    case 'project-param':
      return `project ${ref.project} (${renderedFolderName(ref.variant)}/${PARAMS_DIR}/${ref.param})`;
    case 'workspace':
      return ref.path;
    case 'git':
      return `git ${redactUrl(ref.url)}@${ref.ref}:${ref.path}`;
    case 'github':
      return `github:${ref.owner}/${ref.repo}@${ref.ref}:${ref.path}`;
  }
}

/** Hides credentials written into a URL (`https://user:token@host`). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}
