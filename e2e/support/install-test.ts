import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, runInstallJourney, type InstallJourney } from './install-journey';
import { REPO_ROOT } from './readme-commands';

/** The install test for one Nx major: the README's commands as a user runs them, then what they must have produced. */
export function installTest(nxMajor: string): void {
  // Installs from a registry and sets up Python: minutes, not seconds.
  jest.setTimeout(900_000);
  let journey: InstallJourney;
  const file = (path: string) => join(journey.workspace, path);
  const nx = async (...args: string[]) => {
    const result = await journey.run(['npx', 'nx', ...args].join(' '));
    if (result.code !== 0) throw new Error(`nx ${args.join(' ')} failed:\n${result.output}`);
    return result.output;
  };

  beforeAll(async () => {
    const started = Date.now();
    journey = await runInstallJourney(nxMajor);
    const times = journey.steps.map((s) => `${s.seconds.toFixed(1).padStart(6)} s  ${s.command}`);
    console.log(`Nx ${nxMajor}: the README's commands took ${((Date.now() - started) / 1000).toFixed(0)} s (publishing included)\n${times.join('\n')}`);
  });
  afterAll(() => journey?.dispose());

  test(`every README command succeeded with Nx ${nxMajor}, and the plan against the emulator creates the team's experiment and recurring run`, () => {
    expect(journey.steps.filter((s) => s.code !== 0)).toEqual([]);
    const plan = journey.steps.at(-1)!;
    expect(plan.command).toMatch(/nx run team-1:plan$/);
    expect(plan.output).toContain('Plan: 2 to add');
  });

  test('the plugin and the emulator were installed from the registry, with nx and an @nx/devkit of the same major', () => {
    for (const name of ['kfp', 'kfp-emulator']) {
      expect(lstatSync(file(`node_modules/${name}`)).isSymbolicLink()).toBe(false);
      expect(readJson(file(`node_modules/${name}/package.json`)).version).toBe(readJson(join(REPO_ROOT, `packages/${name}/package.json`)).version);
      expect(existsSync(file(`node_modules/${name}/LICENSE`))).toBe(true);
    }
    const major = (pkg: string) => (readJson(file(`node_modules/${pkg}/package.json`)).version as string).split('.')[0];
    expect({ nx: major('nx'), devkit: major('@nx/devkit') }).toEqual({ nx: nxMajor, devkit: nxMajor });
    expect(Object.keys(readJson<{ devDependencies: object }>(file('package.json')).devDependencies).sort()).toEqual(['@nx/devkit', 'kfp', 'kfp-emulator', 'nx']);
  });

  test('nx.json registers the plugin, and the generated folders are inferred projects with a committed render', async () => {
    expect(readJson<{ plugins: unknown[] }>(file('nx.json')).plugins).toEqual([expect.objectContaining({ plugin: 'kfp' })]);
    const projects = JSON.parse((await nx('show', 'projects', '--json')).split('\n').find((l) => l.startsWith('['))!);
    expect(projects.sort()).toEqual(['churn-model', 'churn-model-v2', 'team-1']);
    expect(readFileSync(file('pipelines/churn-model/RENDERED_PIPELINE_prod/workflow.yaml'), 'utf8')).toContain('generateName: churn-model-prod-');
    // The v2 pipeline, rendered by the .venv-v2 that the workspace's setup:kfp created.
    expect(readFileSync(file('pipelines/churn-model-v2/RENDERED_PIPELINE/pipeline.yaml'), 'utf8')).toContain('sdkVersion: kfp-2.8.0');
    expect(existsSync(file('.venv-v2/bin/python'))).toBe(true);
    await nx('run-many', '-t', 'render', '--check');
  });

  test('nx migrate --run-migrations applies the plugin migrations (as nx migrate kfp@<newer> would list them)', async () => {
    const teamFile = file('teams/team-1/experiments.yaml');
    const [header, ...rest] = readFileSync(teamFile, 'utf8').split('\n');
    expect(header).toMatch(/^# yaml-language-server: \$schema=/);
    writeFileSync(teamFile, rest.join('\n'));
    const declared = readJson<{ generators: Record<string, object> }>(file('node_modules/kfp/migrations.json')).generators;
    const migrations = Object.entries(declared).map(([name, m]) => ({ ...m, package: 'kfp', name }));
    writeFileSync(file('migrations.json'), JSON.stringify({ migrations }, null, 2));
    // The workspace's own Nx runs them (nx migrate otherwise fetches the newest Nx first).
    const result = await journey.run('NX_MIGRATE_USE_LOCAL=true npx nx migrate --run-migrations');
    expect({ code: result.code, output: result.code === 0 ? '' : result.output }).toEqual({ code: 0, output: '' });
    expect(readFileSync(teamFile, 'utf8').split('\n')[0]).toBe(header);
  });
}
