import { createProjectGraphAsync, getProjects, type Tree } from '@nx/devkit';
import { existsSync } from 'node:fs';

export type KfpProjectKind = 'pipeline' | 'team';

export interface KfpProject {
  name: string;
  root: string;
  kind: KfpProjectKind;
}

const KIND_TAGS: Record<string, KfpProjectKind> = { 'kfp:pipeline': 'pipeline', 'kfp:team': 'team' };

/**
 * The pipeline and team projects of the workspace. Inferred projects exist only
 * in the project graph (a generator's tree holds just project.json projects),
 * so the graph is built when the workspace is on disk; a virtual tree (unit
 * tests) has only its project.json projects.
 */
export async function kfpProjects(tree: Tree): Promise<KfpProject[]> {
  const projects = new Map<string, { root: string; tags?: string[] }>(getProjects(tree));
  if (existsSync(tree.root)) {
    const graph = await createProjectGraphAsync({ exitOnError: false });
    for (const node of Object.values(graph.nodes)) projects.set(node.name, node.data);
  }
  return [...projects]
    .flatMap(([name, project]) => {
      const kind = (project.tags ?? []).map((tag) => KIND_TAGS[tag]).find(Boolean);
      return kind ? [{ name, root: project.root, kind }] : [];
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
