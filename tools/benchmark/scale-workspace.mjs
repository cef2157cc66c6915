// Generated Nx workspaces at the scale issue 12 describes: many pipeline
// projects (each a copy of this repository's example-pipeline-1 with its
// committed render, so no Python runs) and team folders of many recurring runs.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './measure.mjs';

const TEMPLATE_PIPELINE = join(repoRoot, 'projects/pipelines/example-pipeline-1');
/** The template's one parameter, which recurring runs set (so that changing it changes every run). */
const PARAMETER = 'custom_message';

export const pipelineName = (i) => `pipeline-${i}`;
export const pipelineRoot = (i) => `pipelines/${pipelineName(i)}`;

/** An empty workspace using this repository's packages (so `kfp` is the built plugin), with or without the kfp plugin. */
export function createWorkspace(prefix, { plugin = true } = {}) {
  const root = mkdtempSync(join(tmpdir(), `kfp-bench-${prefix}-`));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: `bench-${prefix}`, private: true }, null, 2));
  writeFileSync(join(root, '.gitignore'), 'node_modules\n.nx\n');
  writeNxJson(root, { plugin });
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

export function writeNxJson(root, { plugin }) {
  const nxJson = plugin ? { plugins: ['kfp'] } : {};
  writeFileSync(join(root, 'nx.json'), JSON.stringify(nxJson, null, 2));
}

/** `count` pipeline projects, pipelines/pipeline-<i>, each with a current committed render. */
export function writePipelines(root, count) {
  for (let i = 0; i < count; i++) {
    cpSync(TEMPLATE_PIPELINE, join(root, pipelineRoot(i)), { recursive: true });
  }
}

/**
 * A team folder with `runs` recurring runs spread over `experiments`
 * experiments, scheduling the pipelines `pipelineIndexes` in turn. `message`
 * is the parameter value every run sets: change it to change every run.
 */
export function writeTeam(root, folder, { runs, experiments, pipelineIndexes, message = 'v1' }) {
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  const experimentName = (i) => `experiment-${i % experiments}`;
  const experimentsYaml = ['experiments:', ...Array.from({ length: experiments }, (_, i) => `  - name: "${experimentName(i)}"\n    description: "generated"`)];
  writeFileSync(join(dir, 'experiments.yaml'), `${experimentsYaml.join('\n')}\n`);
  const runsYaml = ['recurring_runs:'];
  for (let i = 0; i < runs; i++) {
    runsYaml.push(
      [
        `  - pipeline_source:`,
        `      project: "${pipelineName(pipelineIndexes[i % pipelineIndexes.length])}"`,
        `    pipeline_parameters:`,
        `      - name: ${PARAMETER}`,
        `        value: "${message} of run ${i}"`,
        `    keep_history: 1`,
        `    job:`,
        `      enabled: true`,
        `      name: "run-${i}"`,
        `      experiment: "${experimentName(i)}"`,
        `      max_concurrency: 1`,
        `      trigger:`,
        `        catchup: false`,
        `        cron: "0 ${i % 60} ${i % 24} * * *"`,
      ].join('\n'),
    );
  }
  writeFileSync(join(dir, 'recurring_runs.yaml'), `${runsYaml.join('\n')}\n`);
}
