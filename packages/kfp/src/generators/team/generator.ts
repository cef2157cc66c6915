import { formatFiles, getProjects, logger, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { experimentsYaml, recurringRunsYaml, teamSettingsYaml, type TeamFilesInput } from './files';
import type { TeamGeneratorSchema } from './schema';

export function normalizeTeamSchema(tree: Tree, schema: TeamGeneratorSchema): TeamFilesInput & { name: string } {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(schema.name)) {
    throw new Error(`Invalid team name "${schema.name}": use lower-case letters, digits and "-" (it becomes the folder, project and namespace name).`);
  }
  if (schema.variant && !schema.pipeline) throw new Error('--variant needs --pipeline.');
  if (schema.pipeline) {
    const projects = getProjects(tree);
    if (!projects.has(schema.pipeline)) {
      throw new Error(`--pipeline ${schema.pipeline}: no such project in this workspace (pipeline projects: ${[...projects].filter(([, p]) => p.tags?.includes('kfp:pipeline')).map(([n]) => n).join(', ') || 'none'}).`);
    }
  }
  const directory = (schema.directory ?? join('teams', schema.name)).replace(/^\.\//, '').replace(/\/+$/, '');
  return { name: schema.name, directory, namespace: schema.namespace ?? schema.name, pipeline: schema.pipeline, variant: schema.variant, host: schema.host };
}

/** Scaffolds a team folder that validates as generated. */
export async function teamGenerator(tree: Tree, schema: TeamGeneratorSchema): Promise<() => void> {
  const input = normalizeTeamSchema(tree, schema);
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
