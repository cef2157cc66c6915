import { createNodesFromFiles, type CreateNodes, type CreateNodesContext, type CreateNodesResult } from '@nx/devkit';
import { calculateHashesForCreateNodes, hashObject, PluginCache, workspaceDataDirectory } from '@nx/devkit/internal';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PIPELINE_CONFIG_FILE, PIPELINE_SCRIPT } from '../pipeline/layout';
import { TEAM_FILES } from '../team-config/layout';
import { pluginCodeFingerprint } from './code-fingerprint';
import { KFP_PROJECT_GLOB, projectMarkers } from './project-markers';
import { normalizePluginOptions, type NormalizedPluginOptions, type PluginOptions } from './options';
import { DEFAULT_PIPELINE_CONFIG, readPipelineConfig } from '../pipeline/pipeline-config';
import { pipelineTargets, renderedFolders } from './pipeline-targets';
import { SharedPythonIndex } from './python-imports';
import { RENDERED_OUTPUT_INPUT, teamTargets } from './team-targets';

// Where the markers are told apart lives beside, without Nx, for kfp-reconcile's own lookup.
export { KFP_PROJECT_GLOB, projectMarkers };

/**
 * Every pipeline folder and every team folder becomes a project named after
 * the folder. Inference reads only small YAML files (never starts Python):
 * kfp-pipeline.yaml for variants, and the Python sources' import lines to find
 * which shared code a pipeline uses. A pipeline's result is cached by a hash
 * of the files it reads (its folder and the shared Python folders), as Nx's
 * own plugins do; a team's targets depend on nothing but its path.
 */
export const createNodes: CreateNodes<PluginOptions> = [
  KFP_PROJECT_GLOB,
  async (files, rawOptions, context) => {
    const options = normalizePluginOptions(rawOptions);
    const markers = projectMarkers(files);
    const pipelines = [...markers.entries()].filter(([, m]) => m.kind === 'pipeline').map(([root]) => root);
    const sharedGlobs = options.sharedPythonPaths.map((p) => `${p}/**/*`);
    const hashes = new Map(
      (await calculateHashesForCreateNodes(pipelines, options, context, pipelines.map(() => sharedGlobs))).map((hash, i) => [pipelines[i], hash]),
    );
    const cache = new PluginCache<CreateNodesResult>(join(workspaceDataDirectory, `kfp-${hashObject({ options, code: pluginCodeFingerprint() })}.hash`));
    let shared: SharedPythonIndex | undefined;
    const sharedIndex = () => (shared ??= new SharedPythonIndex(context.workspaceRoot, options.sharedPythonPaths));
    try {
      return await createNodesFromFiles(
        (file, _options, ctx) => {
          const root = dirname(file);
          const marker = markers.get(root)!;
          if (marker.kind === 'team') return teamNode(root, options);
          // The root is part of the key: two folders with equal files are still two projects.
          const hash = `${hashes.get(root)!}:${root}`;
          const cached = cache.get(hash);
          if (cached) return cached;
          const result = pipelineNode(root, marker.files, options, sharedIndex(), ctx);
          cache.set(hash, result);
          return result;
        },
        [...markers.values()].map((m) => m.file),
        rawOptions ?? {},
        context,
      );
    } finally {
      cache.writeToDisk();
    }
  },
];

function pipelineNode(
  root: string,
  files: string[],
  options: NormalizedPluginOptions,
  shared: SharedPythonIndex,
  context: CreateNodesContext,
): CreateNodesResult {
  const teamFile = files.find((f) => (TEAM_FILES as readonly string[]).includes(basename(f)));
  if (teamFile) {
    throw new Error(`${root} holds both a pipeline (${PIPELINE_SCRIPT}) and team configuration (${basename(teamFile)}); keep pipelines and teams in separate folders.`);
  }
  const configFile = join(root, PIPELINE_CONFIG_FILE);
  const config = existsSync(join(context.workspaceRoot, configFile))
    ? readPipelineConfig(join(context.workspaceRoot, configFile), configFile)
    : DEFAULT_PIPELINE_CONFIG;
  const name = basename(root);
  const facts = { name, config, sharedPaths: shared.usedBy(root) };
  const targets = pipelineTargets(facts, options);
  return {
    projects: {
      [root]: {
        name,
        projectType: 'application',
        tags: ['kfp:pipeline'],
        namedInputs: { [RENDERED_OUTPUT_INPUT]: renderedFolders(config).map((f) => `{projectRoot}/${f}/**/*`) },
        targets,
        metadata: {
          description: `Kubeflow pipeline ${config.script} (KFP ${config.sdk})${config.variants ? ` (variants: ${Object.keys(config.variants).join(', ')})` : ''}`,
          technologies: ['kfp', 'python'],
          targetGroups: { 'Kubeflow Pipelines': Object.keys(targets) },
        },
      },
    },
  };
}

function teamNode(root: string, options: NormalizedPluginOptions): CreateNodesResult {
  const name = basename(root);
  const targets = teamTargets(name, options);
  return {
    projects: {
      [root]: {
        name,
        projectType: 'application',
        tags: ['kfp:team'],
        targets,
        metadata: {
          description: `KFP team folder: experiments and recurring runs of one namespace`,
          technologies: ['kfp'],
          targetGroups: { 'Kubeflow Pipelines': Object.keys(targets) },
        },
      },
    },
  };
}
