import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findPipelineProjects, type WorkspaceProjects } from '../plugin/pipeline-projects';
import { deferredWorkspaceResolveContext } from '../pipeline-sources/workspace-context';
import { findWorkspaceRoot } from '../workspace-files/workspace-root';
import { reconcileTeam, type ReconcileOptions } from '../reconcile/reconcile-team';
import { terminalConfirm } from '../terminal/confirm';
import { redactSecrets } from '../utils/redact';

/**
 * `kfp-reconcile <team-folder> [options]`: the reconcile executor without Nx's
 * task runner, so the process exit code is the reconcile's own (2 with
 * --dry-run --detailed-exitcode when there are changes; Nx turns every
 * non-zero into 1). Options are the executor's, in --kebab-case.
 * `kfp-reconcile force-unlock <team-folder> <lock-id>` removes a lock whose
 * holder is gone.
 */
export async function main(argv: string[]): Promise<number> {
  const schema = JSON.parse(readFileSync(join(__dirname, '..', 'executors', 'reconcile', 'schema.json'), 'utf8')) as ReconcileSchema;
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    const options = Object.entries(schema.properties)
      .filter(([name]) => name !== 'folder')
      .map(([name, p]) => `  --${kebab(name)}${p.type === 'boolean' ? '' : ` <${p.type}>`}\n      ${p.description}`);
    console.log(
      `Usage: kfp-reconcile <team-folder> [options]\n       kfp-reconcile force-unlock <team-folder> <lock-id>\n\n${schema.description}\n\nOptions:\n${options.join('\n')}`,
    );
    return argv.length === 0 ? 1 : 0;
  }
  const { folder, options } = parseCommandLine(argv, schema.properties);
  const workspaceRoot = findWorkspaceRoot(process.cwd(), process.env);
  try {
    const outcome = await reconcileTeam({
      folder: resolve(folder),
      sources: deferredWorkspaceResolveContext(workspaceRoot, process.env, (names) => pipelineProjects(workspaceRoot, names)),
      options,
      env: process.env,
      print: (text) => console.log(redactSecrets(text)),
      confirm: terminalConfirm(process.env, options.yes),
    });
    return outcome.exitCode;
  } catch (error) {
    console.error(`✖ ${redactSecrets((error as Error).message)}`);
    return 1;
  }
}

/**
 * The workspace projects a team deploys: found from the workspace's files as
 * the plugin infers them when that settles every name (fast, even among
 * thousands of pipelines), else from the Nx project graph, loading Nx only then.
 */
async function pipelineProjects(workspaceRoot: string, names: readonly string[]): Promise<WorkspaceProjects> {
  let found: WorkspaceProjects | undefined;
  try {
    found = findPipelineProjects(workspaceRoot, names);
  } catch {
    found = undefined; // e.g. an unreadable folder: the graph says what Nx makes of it
  }
  if (found) return found;
  const { createProjectGraphAsync } = await import('@nx/devkit');
  const graph = await createProjectGraphAsync({ exitOnError: false }).catch(() => undefined);
  return Object.fromEntries(Object.values(graph?.nodes ?? {}).map((node) => [node.name, node.data]));
}

interface ReconcileSchema {
  description: string;
  properties: Record<string, { type: string; description: string }>;
}

/** The team folder and the executor's options, from `--kebab-case` flags (node:util parseArgs, strict). */
export function parseCommandLine(argv: string[], properties: ReconcileSchema['properties']): { folder: string; options: ReconcileOptions } {
  const flags = Object.fromEntries(
    Object.entries(properties).map(([name, p]) => [kebab(name), { type: p.type === 'boolean' ? ('boolean' as const) : ('string' as const) }]),
  );
  const { values, positionals } = parseFlags(argv, flags);
  const options: Record<string, unknown> = {};
  for (const [flag, value] of Object.entries(values)) {
    const name = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (properties[name].type !== 'number') options[name] = value;
    else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) options[name] = Number(value);
    else throw new Error(`--${flag} needs a number, got ${JSON.stringify(value)}`);
  }
  if (positionals[0] === 'force-unlock') {
    if (positionals.length !== 3) throw new Error('usage: kfp-reconcile force-unlock <team-folder> <lock-id>');
    return { folder: positionals[1], options: { ...options, forceUnlock: positionals[2] } };
  }
  if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'kfp-reconcile needs the team folder' : `kfp-reconcile takes one team folder; got ${positionals.map((p) => `"${p}"`).join(' and ')}`);
  return { folder: positionals[0], options: options as ReconcileOptions };
}

function parseFlags(argv: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options']) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, allowNegative: true });
  } catch (error) {
    const flag = /'(-[^']*)'/.exec((error as Error).message)?.[1];
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) throw new Error(`unknown option ${flag} (see kfp-reconcile --help)`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) throw new Error(`${flag.split(' ')[0]} needs a value (see kfp-reconcile --help)`);
    throw error;
  }
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(`kfp-reconcile: ${redactSecrets((error as Error).message)}`);
      process.exitCode = 1;
    },
  );
}
