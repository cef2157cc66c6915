import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, startLocalRegistry, waitFor, type LocalRegistry } from './local-registry';
import { readmeCommands, REPO_ROOT } from './readme-commands';
import { wheelhouseEnv } from './wheelhouse';

export interface CommandResult {
  code: number;
  output: string;
  seconds: number;
}

/** The README's port for the emulator; each test run uses a free one instead, so runs can share the machine. */
const README_EMULATOR_PORT = '8888';

/** Runs one shell command line in a folder, as a user's shell would. */
function sh(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 600_000): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd, env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

export interface InstallJourney {
  workspace: string;
  registry: LocalRegistry;
  /** Each README command as run (with the Nx major and the emulator port of this run), its output and time. */
  steps: Array<{ command: string } & CommandResult>;
  env: NodeJS.ProcessEnv;
  run(command: string): Promise<CommandResult>;
  dispose(): Promise<void>;
}

/**
 * A user's first hour, for real: this repository's packages packed and
 * published to a local npm registry, then the README's "Using it in a
 * workspace" commands run in an empty folder, one by one, against that
 * registry, with Nx of the given major.
 */
export async function runInstallJourney(nxMajor: string): Promise<InstallJourney> {
  const root = mkdtempSync(join(tmpdir(), `kfp-install-nx${nxMajor}-`));
  const workspace = join(root, 'workspace');
  mkdirSync(workspace);
  const registry = await startLocalRegistry(join(root, 'registry'));
  const background: ChildProcess[] = [];
  const steps: InstallJourney['steps'] = [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The user's Node.js (the one running this test, 22 or newer) and npm, talking to the local registry.
    PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
    npm_config_registry: `${registry.url}/`,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // No daemon, cloud or terminal UI; the workspace's Nx caches stay in the workspace.
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_INTERACTIVE: 'false',
    NX_CACHE_DIRECTORY: join(workspace, '.nx/cache'),
    NX_WORKSPACE_DATA_DIRECTORY: join(workspace, '.nx/workspace-data'),
    CI: 'true',
    FORCE_COLOR: '0',
    GIT_CEILING_DIRECTORIES: root,
    KFP_PYTHON: undefined,
    KFP_PYTHON_V2: undefined,
    KFP_HOST: undefined,
    KFP_TOKEN: undefined,
    ...(await wheelhouseEnv()),
  };
  const journey: InstallJourney = {
    workspace,
    registry,
    steps,
    env,
    run: (command) => sh(command, workspace, env),
    async dispose() {
      for (const child of background) stopGroup(child);
      await registry.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await publishPackages(registry, root);
    const emulatorPort = String(await freePort());
    for (const line of readmeCommands('Using it in a workspace')) {
      const command = line.replaceAll('nx@24', `nx@${nxMajor}`).replaceAll(README_EMULATOR_PORT, emulatorPort);
      if (command.endsWith('&')) {
        // A service the user leaves running; the next command needs it listening.
        const started = Date.now();
        // Its own process group, so stopping it reaches the server npx starts.
        const child = spawn('bash', ['-c', command.slice(0, -1).trim()], { cwd: workspace, env, stdio: 'ignore', detached: true });
        background.push(child);
        await waitFor(async () => (await fetch(`http://127.0.0.1:${emulatorPort}/apis/v1beta1/healthz`)).ok, 60_000, () => `${command}: nothing listens on ${emulatorPort}`);
        steps.push({ command, code: 0, output: '', seconds: (Date.now() - started) / 1000 });
        continue;
      }
      const result = await journey.run(command);
      steps.push({ command, ...result });
      if (result.code !== 0) throw new Error(`README command failed (exit ${result.code}): ${command}\n${result.output}`);
    }
    return journey;
  } catch (error) {
    await journey.dispose();
    throw error;
  }
}

function stopGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** npm pack of each package (as `npm publish` would pack it), published to the registry. */
async function publishPackages(registry: LocalRegistry, root: string): Promise<void> {
  const packed = join(root, 'packed');
  mkdirSync(packed);
  const npmrc = join(root, 'publish.npmrc');
  writeFileSync(npmrc, `//${registry.url.replace(/^https?:\/\//, '')}/:_authToken=${registry.token}\n`);
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, npm_config_userconfig: npmrc };
  const pack = await sh(`npm pack --silent -w packages/kfp -w packages/kfp-emulator --pack-destination ${packed}`, REPO_ROOT, env);
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.output}`);
  for (const tarball of readdirSync(packed)) {
    const publish = await sh(`npm publish ${join(packed, tarball)} --registry ${registry.url}/ --ignore-scripts`, root, env);
    if (publish.code !== 0) throw new Error(`npm publish ${tarball} failed:\n${publish.output}`);
  }
}

export function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
