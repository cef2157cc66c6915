import { formatFiles, generateFiles, logger, readNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { PIPELINE_CONFIG_FILE, VARIANT_NAME_PATTERN } from '../../pipeline/layout';
import { resolveInterpreter } from '../../python/interpreter';
import { RenderServer } from '../../python/render-server';
import { normalizePluginOptions } from '../../plugin/options';
import { formatRenderReport } from '../../render/format-render-report';
import { renderProject } from '../../render/render-project';
import type { PipelineGeneratorSchema } from './schema';

export interface NormalizedPipelineSchema {
  name: string;
  directory: string;
  variants: string[];
  functionName: string;
}

export function normalizePipelineSchema(schema: PipelineGeneratorSchema): NormalizedPipelineSchema {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(schema.name)) {
    throw new Error(`Invalid pipeline name "${schema.name}": use lower-case letters, digits and "-" (it becomes the folder, project and KFP pipeline name).`);
  }
  const variants = (Array.isArray(schema.variants) ? schema.variants : (schema.variants ?? '').split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = variants.find((v) => !VARIANT_NAME_PATTERN.test(v));
  if (bad) throw new Error(`Invalid variant "${bad}": use letters, digits, ".", "_" and "-".`);
  if (new Set(variants).size !== variants.length) throw new Error(`Variants must be unique: ${variants.join(', ')}.`);
  const directory = (schema.directory ?? join('pipelines', schema.name)).replace(/^\.\//, '').replace(/\/+$/, '');
  return { name: schema.name, directory, variants, functionName: `${schema.name.replace(/-/g, '_')}_pipeline` };
}

/** Scaffolds a pipeline folder; the returned callback renders it once the files are on disk. */
export async function pipelineGenerator(tree: Tree, schema: PipelineGeneratorSchema): Promise<GeneratorCallback> {
  const options = normalizePipelineSchema(schema);
  if (tree.exists(options.directory) && tree.children(options.directory).length > 0) {
    throw new Error(`${options.directory} already exists and is not empty; choose another --directory or name.`);
  }
  generateFiles(tree, join(__dirname, 'files'), options.directory, { ...options, template: '' });
  if (options.variants.length > 0) tree.write(join(options.directory, PIPELINE_CONFIG_FILE), pipelineConfigYaml(options.variants));
  if (!schema.skipFormat) await formatFiles(tree);
  if (schema.skipRender) return () => logger.info(`Render it with: nx run ${options.name}:render`);
  return () => renderNewPipeline(tree.root, options, readNxJson(tree)?.plugins);
}

export default pipelineGenerator;

export function pipelineConfigYaml(variants: string[]): string {
  const lines = ['# Variants of this pipeline; each renders into RENDERED_PIPELINE_<variant>/ with its own arguments.', 'variants:'];
  for (const v of variants) lines.push(`  ${v}:`, `    args: ["--variant", "${v}"]`);
  return `${lines.join('\n')}\n`;
}

/** Renders the new pipeline with the same interpreter and options the render target will use. */
async function renderNewPipeline(workspaceRoot: string, options: NormalizedPipelineSchema, plugins: unknown[] | undefined): Promise<void> {
  const entry = (plugins ?? []).find((p) => (typeof p === 'string' ? p : (p as { plugin: string }).plugin) === 'kfp');
  const pluginOptions = normalizePluginOptions(entry && typeof entry !== 'string' ? (entry as { options?: unknown }).options : {});
  let server: RenderServer;
  try {
    server = await RenderServer.start(resolveInterpreter(workspaceRoot, pluginOptions.python, process.env));
  } catch (error) {
    logger.warn(`Created ${options.directory} but could not render it: ${(error as Error).message}\nThen run: nx run ${options.name}:${pluginOptions.renderTargetName}`);
    return;
  }
  try {
    const variants = Object.fromEntries(options.variants.map((v) => [v, { args: ['--variant', v] }]));
    const report = await renderProject(server, options.name, options.directory, workspaceRoot, {
      variants: options.variants.length > 0 ? variants : undefined,
      pythonPaths: pluginOptions.sharedPythonPaths,
      timeout: pluginOptions.renderTimeout,
    });
    const text = formatRenderReport(report, { renderCommand: `nx run ${options.name}:${pluginOptions.renderTargetName}` });
    if (report.success) logger.info(text);
    else logger.warn(`Created ${options.directory}, but rendering it failed:\n${text}`);
  } finally {
    await server.close();
  }
}
