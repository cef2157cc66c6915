import type { TargetConfiguration } from '@nx/devkit';
import type { NormalizedPluginOptions } from './options';

/** Named input of pipeline projects: their committed rendered output, which teams deploy. */
export const RENDERED_OUTPUT_INPUT = 'kfpRenderedOutput';

const TEAM_INPUTS = ['{projectRoot}/**/*', `^${RENDERED_OUTPUT_INPUT}`];

export function teamTargets(name: string, options: NormalizedPluginOptions): Record<string, TargetConfiguration> {
  const help = (target: string, example: Record<string, unknown>) => ({ command: `npx nx run ${name}:${target} --help`, example: { options: example } });
  return {
    [options.validateTargetName]: {
      executor: 'kfp:validate',
      cache: true,
      inputs: [...TEAM_INPUTS, { env: 'GITHUB_API_URL' }],
      outputs: [],
      metadata: {
        description: 'Validate experiments.yaml and recurring_runs.yaml offline: schema, references, pipeline sources, parameters, cron',
        technologies: ['kfp'],
        help: help(options.validateTargetName, { output: 'json' }),
      },
    },
    [options.planTargetName]: {
      executor: 'kfp:reconcile',
      cache: false,
      inputs: TEAM_INPUTS,
      options: { dryRun: true },
      metadata: {
        description: 'Show what reconcile would change in the KFP namespace (a plan, like terraform plan); changes nothing',
        technologies: ['kfp'],
        help: help(options.planTargetName, { output: 'markdown' }),
      },
    },
    [options.reconcileTargetName]: {
      executor: 'kfp:reconcile',
      cache: false,
      inputs: TEAM_INPUTS,
      metadata: {
        description: 'Apply the team folder to its KFP namespace: create experiments, new recurring-run versions, enable/disable, trim history',
        technologies: ['kfp'],
        help: help(options.reconcileTargetName, { dryRun: true }),
      },
    },
  };
}
