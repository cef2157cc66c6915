import { formatFiles, joinPathFragments, logger, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { PIPELINE_CONFIG_FILE } from '../../pipeline/layout';
import { DEFAULT_PIPELINE_CONFIG, parsePipelineConfig } from '../../pipeline/pipeline-config';
import { EXPERIMENTS_FILE, RECURRING_RUNS_FILE, TEAM_FILES, TEAM_SETTINGS_FILE } from '../../team-config/layout';
import initGenerator from '../init/generator';
import { kfpProjects, type KfpProject } from '../kfp-projects';
import { pluginOptionsFor } from '../plugin-entries';
import { chooseProjectFolder } from '../project-folder';
import { experimentsYaml, recurringRunsYaml, teamSettingsYaml, type TeamFilesInput } from './files';
import type { TeamGeneratorSchema } from './schema';

export async function normalizeTeamSchema(tree: Tree, schema: TeamGeneratorSchema): Promise<TeamFilesInput & { name: string }> {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(schema.name)) {
    throw new Error(`Invalid team name "${schema.name}": use lower-case letters, digits and "-" (it becomes the folder, project and namespace name).`);
  }
  if (schema.variant && !schema.pipeline) throw new Error('--variant needs --pipeline.');
  const existing = await kfpProjects(tree);
  if (existing.some((p) => p.name === schema.name)) throw new Error(`A project named ${schema.name} already exists; choose another name.`);
  if (schema.pipeline) checkScheduledPipeline(tree, schema.pipeline, schema.variant, existing);
  const directory = chooseProjectFolder(tree, { kind: 'team', name: schema.name, directory: schema.directory, markerFile: TEAM_FILES[0], existing });
  return { name: schema.name, directory, namespace: schema.namespace ?? schema.name, pipeline: schema.pipeline, variant: schema.variant, host: schema.host };
}

/** The pipeline must be a pipeline project, and the variant one it renders: a pipeline with variants has no default render. */
function checkScheduledPipeline(tree: Tree, pipeline: string, variant: string | undefined, existing: KfpProject[]): void {
  const project = existing.find((p) => p.kind === 'pipeline' && p.name === pipeline);
  if (!project) {
    const known = existing.filter((p) => p.kind === 'pipeline').map((p) => p.name);
    throw new Error(`--pipeline ${pipeline}: no such project in this workspace (pipeline projects: ${known.join(', ') || 'none'}).`);
  }
  const configFile = joinPathFragments(project.root, PIPELINE_CONFIG_FILE);
  const config = tree.exists(configFile) ? parsePipelineConfig(tree.read(configFile, 'utf8')!, configFile) : DEFAULT_PIPELINE_CONFIG;
  const variants = Object.keys(config.variants ?? {});
  if (variants.length > 0 && variant === undefined) {
    throw new Error(`--pipeline ${pipeline} has variants (${variants.join(', ')}); choose one with --variant.`);
  }
  if (variant !== undefined && !variants.includes(variant)) {
    throw new Error(
      variants.length > 0
        ? `--variant ${variant}: ${pipeline} has no such variant (variants: ${variants.join(', ')}).`
        : `--variant ${variant}: ${pipeline} has no variants; leave --variant out.`,
    );
  }
}

/** Scaffolds a team folder that validates as generated. */
export async function teamGenerator(tree: Tree, schema: TeamGeneratorSchema): Promise<GeneratorCallback> {
  const init = await initGenerator(tree, { skipFormat: true });
  const input = await normalizeTeamSchema(tree, schema);
  for (const file of TEAM_FILES) {
    if (tree.exists(joinPathFragments(input.directory, file))) throw new Error(`${joinPathFragments(input.directory, file)} already exists; choose another --directory or name.`);
  }
  tree.write(joinPathFragments(input.directory, EXPERIMENTS_FILE), experimentsYaml(input));
  tree.write(joinPathFragments(input.directory, RECURRING_RUNS_FILE), recurringRunsYaml(input));
  tree.write(joinPathFragments(input.directory, TEAM_SETTINGS_FILE), teamSettingsYaml(input));
  if (!schema.skipFormat) await formatFiles(tree);
  const targets = pluginOptionsFor(tree, joinPathFragments(input.directory, TEAM_FILES[0]));
  return runTasksInSerial(init, () =>
    logger.info(`Check it with: nx run ${input.name}:${targets.validateTargetName}, preview with: nx run ${input.name}:${targets.planTargetName}`),
  );
}

export default teamGenerator;
