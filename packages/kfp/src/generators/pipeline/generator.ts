import { formatFiles, generateFiles, joinPathFragments, logger, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { DEFAULT_PIPELINE_SDK, PIPELINE_CONFIG_FILE, PIPELINE_SCRIPT, PIPELINE_SDKS, VARIANT_NAME_PATTERN, type PipelineSdk } from '../../pipeline/layout';
import { DEFAULT_PIPELINE_CONFIG, parsePipelineConfig, type PipelineConfig } from '../../pipeline/pipeline-config';
import type { NormalizedPluginOptions } from '../../plugin/options';
import { renderTarget } from '../../plugin/pipeline-targets';
import { resolveInterpreter } from '../../python/interpreter';
import { RenderServer } from '../../python/render-server';
import { formatRenderReport } from '../../render/format-render-report';
import { renderProject, type PipelineRenderSettings } from '../../render/render-project';
import initGenerator from '../init/generator';
import { kfpProjects } from '../kfp-projects';
import { pluginOptionsFor } from '../plugin-entries';
import { chooseProjectFolder } from '../project-folder';
import type { PipelineGeneratorSchema } from './schema';

export interface NormalizedPipelineSchema {
  name: string;
  directory: string;
  sdk: PipelineSdk;
  variants: string[];
  functionName: string;
}

/** Checks the name, SDK and variants (no workspace needed). */
export function parsePipelineNames(schema: PipelineGeneratorSchema): Pick<NormalizedPipelineSchema, 'name' | 'sdk' | 'variants' | 'functionName'> {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(schema.name)) {
    throw new Error(`Invalid pipeline name "${schema.name}": use lower-case letters, digits and "-" (it becomes the folder, project and KFP pipeline name).`);
  }
  const variants = (Array.isArray(schema.variants) ? schema.variants : (schema.variants ?? '').split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = variants.find((v) => !VARIANT_NAME_PATTERN.test(v));
  if (bad) throw new Error(`Invalid variant "${bad}": use letters, digits, ".", "_" and "-".`);
  if (new Set(variants).size !== variants.length) throw new Error(`Variants must be unique: ${variants.join(', ')}.`);
  const sdk = schema.sdk ?? DEFAULT_PIPELINE_SDK;
  if (!PIPELINE_SDKS.includes(sdk)) throw new Error(`Invalid --sdk "${sdk}": use ${PIPELINE_SDKS.join(' or ')}.`);
  return { name: schema.name, sdk, variants, functionName: `${schema.name.replace(/-/g, '_')}_pipeline` };
}

export async function normalizePipelineSchema(tree: Tree, schema: PipelineGeneratorSchema): Promise<NormalizedPipelineSchema> {
  const names = parsePipelineNames(schema);
  const existing = await kfpProjects(tree);
  if (existing.some((p) => p.name === names.name)) throw new Error(`A project named ${names.name} already exists; choose another name.`);
  const directory = chooseProjectFolder(tree, { kind: 'pipeline', name: names.name, directory: schema.directory, markerFile: PIPELINE_SCRIPT, existing });
  return { ...names, directory };
}

/** Scaffolds a pipeline folder where the plugin infers it; the returned callback renders it once the files are on disk. */
export async function pipelineGenerator(tree: Tree, schema: PipelineGeneratorSchema): Promise<GeneratorCallback> {
  const init = await initGenerator(tree, { skipFormat: true });
  const options = await normalizePipelineSchema(tree, schema);
  if (tree.exists(options.directory) && tree.children(options.directory).length > 0) {
    throw new Error(`${options.directory} already exists and is not empty; choose another --directory or name.`);
  }
  generateFiles(tree, join(__dirname, 'files', options.sdk), options.directory, { ...options, template: '' });
  const configYaml = pipelineConfigYaml(options);
  if (configYaml) tree.write(joinPathFragments(options.directory, PIPELINE_CONFIG_FILE), configYaml);
  if (!schema.skipFormat) await formatFiles(tree);
  const configFile = joinPathFragments(options.directory, PIPELINE_CONFIG_FILE);
  const config = tree.exists(configFile) ? parsePipelineConfig(tree.read(configFile, 'utf8')!, configFile) : DEFAULT_PIPELINE_CONFIG;
  const pluginOptions = pluginOptionsFor(tree, joinPathFragments(options.directory, PIPELINE_SCRIPT));
  const render: GeneratorCallback = schema.skipRender
    ? () => logger.info(`Render it with: nx run ${options.name}:${pluginOptions.renderTargetName}`)
    : () => renderNewPipeline(tree.root, options, config, pluginOptions);
  return runTasksInSerial(init, render);
}

export default pipelineGenerator;

/**
 * kfp-pipeline.yaml for the scaffolded script: its SDK unless v1 (the default),
 * and its variants, which the script takes as `--variant <name>`; render reads
 * both from here. Undefined when there is nothing to say (a v1 pipeline
 * without variants).
 */
export function pipelineConfigYaml({ sdk, variants }: Pick<NormalizedPipelineSchema, 'sdk' | 'variants'>): string | undefined {
  const lines: string[] = [];
  if (sdk !== 'v1') lines.push(`# The KFP SDK of this pipeline: ${sdk} renders pipeline.yaml with the pinned kfp 2.x (.venv-v2).`, `sdk: ${sdk}`);
  if (variants.length > 0) {
    lines.push('# Variants of this pipeline; each renders into RENDERED_PIPELINE_<variant>/ with its own arguments.', 'variants:');
    for (const v of variants) lines.push(`  ${v}:`, `    args: ["--variant", "${v}"]`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : undefined;
}

/** Renders the new pipeline with exactly the options its inferred render target will have. */
async function renderNewPipeline(workspaceRoot: string, options: NormalizedPipelineSchema, config: PipelineConfig, pluginOptions: NormalizedPluginOptions): Promise<void> {
  const settings = renderTarget({ name: options.name, config, sharedPaths: [] }, pluginOptions).options as PipelineRenderSettings;
  let server: RenderServer;
  try {
    server = await RenderServer.start(resolveInterpreter(workspaceRoot, settings.python, process.env, settings.sdk));
  } catch (error) {
    logger.warn(`Created ${options.directory} but could not render it: ${(error as Error).message}\nThen run: nx run ${options.name}:${pluginOptions.renderTargetName}`);
    return;
  }
  try {
    const report = await renderProject(server, options.name, options.directory, workspaceRoot, settings);
    const text = formatRenderReport(report, { renderCommand: `nx run ${options.name}:${pluginOptions.renderTargetName}` });
    if (report.success) logger.info(text);
    else logger.warn(`Created ${options.directory}, but rendering it failed:\n${text}`);
  } finally {
    await server.close();
  }
}
