// The comparison workspace of the graph benchmark: the same files, with the
// projects the plugin infers written out by hand as project.json files (same
// targets, team-to-pipeline edges as implicit dependencies) and no kfp plugin.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeNxJson } from './scale-workspace.mjs';

/** Copies `root` to `twinRoot` and writes a project.json per project of `graph` (the plugin workspace's `nx graph --file` output). */
export function writeProjectJsonTwin(root, twinRoot, graph) {
  cpSync(root, twinRoot, { recursive: true, verbatimSymlinks: true, filter: (source) => !source.startsWith(join(root, '.nx')) });
  writeNxJson(twinRoot, { plugin: false });
  for (const [name, node] of Object.entries(graph.nodes)) {
    const { root: projectRoot, ...project } = node.data;
    const dependsOn = (graph.dependencies[name] ?? []).map((d) => d.target).filter((target) => target in graph.nodes);
    writeFileSync(join(twinRoot, projectRoot, 'project.json'), `${JSON.stringify({ ...project, implicitDependencies: dependsOn }, null, 2)}\n`);
  }
}

/** Projects (with their targets) and project-to-project edges of a graph, for comparing the two workspaces. */
export function graphShape(graph) {
  const projects = Object.keys(graph.nodes).sort();
  return {
    projects,
    targets: Object.fromEntries(projects.map((name) => [name, canonical(graph.nodes[name].data.targets)])),
    edges: projects.flatMap((name) => (graph.dependencies[name] ?? []).filter((d) => d.target in graph.nodes).map((d) => `${name} -> ${d.target}`)).sort(),
  };
}

export function sameShape(a, b) {
  return JSON.stringify(graphShape(a)) === JSON.stringify(graphShape(b));
}

/** JSON with object keys sorted: Nx orders a target's keys differently for inferred and hand-written projects. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
