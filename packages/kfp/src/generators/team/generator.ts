import { createProjectGraphAsync, formatFiles, getProjects, logger, type Tree } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { experimentsYaml, recurringRunsYaml, teamSettingsYaml, type TeamFilesInput } from './files';
import type { TeamGeneratorSchema } from './schema';

/**
 * Pipeline projects of the workspace. Inferred projects exist only in the
 * project graph (a generator's tree holds just project.json projects), so the
 * graph is asked when the tree does not know the name.
 */
async function pipelineProjects(tree: Tree, wanted: string): Promise<{ found: boolean; known: string[] }> {
  const configured = getProjects(tree);
  if (configured.has(wanted)) return { found: true, known: [] };
  const fromTree = [...configured].filter(([, p]) => p.tags?.includes('kfp:pipeline')).map(([n]) => n);
  // A virtual tree (unit tests, dry runs of other tools) has no workspace on disk to build a graph from.
  if (!existsSync(join(tree.root, 'nx.json'))) return { found: false, known: fromTree };
  try {
    const graph = await createProjectGraphAsync({ exitOnError: false });
    const node = graph.nodes[wanted];
    const known = Object.values(graph.nodes).filter((n) => n.data.tags?.includes('kfp:pipeline')).map((n) => n.name).sort();
    return { found: node !== undefined, known };
  } catch {
    return { found: false, known: fromTree };
  }
}

export async function normalizeTeamSchema(tree: Tree, schema: TeamGeneratorSchema): Promise<TeamFilesInput & { name: string }> {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(schema.name)) {
    throw new Error(`Invalid team name "${schema.name}": use lower-case letters, digits and "-" (it becomes the folder, project and namespace name).`);
  }
  if (schema.variant && !schema.pipeline) throw new Error('--variant needs --pipeline.');
  if (schema.pipeline) {
    const { found, known } = await pipelineProjects(tree, schema.pipeline);
    if (!found) throw new Error(`--pipeline ${schema.pipeline}: no such project in this workspace (pipeline projects: ${known.join(', ') || 'none'}).`);
  }
  const directory = (schema.directory ?? join('teams', schema.name)).replace(/^\.\//, '').replace(/\/+$/, '');
  return { name: schema.name, directory, namespace: schema.namespace ?? schema.name, pipeline: schema.pipeline, variant: schema.variant, host: schema.host };
}

/** Scaffolds a team folder that validates as generated. */
export async function teamGenerator(tree: Tree, schema: TeamGeneratorSchema): Promise<() => void> {
  const input = await normalizeTeamSchema(tree, schema);
  for (const file of ['experiments.yaml', 'recurring_runs.yaml', 'kfp-team.yaml']) {
    if (tree.exists(join(input.directory, file))) throw new Error(`${join(input.directory, file)} already exists; choose another --directory or name.`);
  }
  tree.write(join(input.directory, 'experiments.yaml'), experimentsYaml(input));
  tree.write(join(input.directory, 'recurring_runs.yaml'), recurringRunsYaml(input));
  tree.write(join(input.directory, 'kfp-team.yaml'), teamSettingsYaml(input));
  if (!schema.skipFormat) await formatFiles(tree);
  return () => logger.info(`Check it with: nx run ${input.name}:validate, preview with: nx run ${input.name}:plan`);
}

export default teamGenerator;
