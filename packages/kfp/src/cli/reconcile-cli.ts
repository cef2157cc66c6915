import { createProjectGraphAsync, workspaceRoot } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { workspaceResolveContext } from '../pipeline-sources/workspace-context';
import { reconcileTeam, type ReconcileOptions } from '../reconcile/reconcile-team';
import { redactSecrets } from '../utils/redact';

/**
 * `kfp-reconcile <team-folder> [options]`: the reconcile executor without Nx's
 * task runner, so the process exit code is the reconcile's own (2 with
 * --dry-run --detailed-exitcode when there are changes; Nx turns every
 * non-zero into 1). Options are the executor's, in --kebab-case.
 */
export async function main(argv: string[]): Promise<number> {
  const schema = JSON.parse(readFileSync(join(__dirname, '..', 'executors', 'reconcile', 'schema.json'), 'utf8')) as {
    description: string;
    properties: Record<string, { type: string; description: string }>;
  };
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    const options = Object.entries(schema.properties)
      .filter(([name]) => name !== 'folder')
      .map(([name, p]) => `  --${kebab(name)}${p.type === 'boolean' ? '' : ` <${p.type}>`}\n      ${p.description}`);
    console.log(`Usage: kfp-reconcile <team-folder> [options]\n\n${schema.description}\n\nOptions:\n${options.join('\n')}`);
    return argv.length === 0 ? 1 : 0;
  }
  const { folder, options } = parseArgs(argv, schema.properties);
  const graph = await createProjectGraphAsync({ exitOnError: false }).catch(() => undefined);
  const projects = Object.fromEntries(Object.values(graph?.nodes ?? {}).map((node) => [node.name, node.data]));
  try {
    const outcome = await reconcileTeam({
      folder: resolve(folder),
      sources: workspaceResolveContext(workspaceRoot, projects, process.env),
      options,
      env: process.env,
      print: (text) => console.log(redactSecrets(text)),
    });
    return outcome.exitCode;
  } catch (error) {
    console.error(`✖ ${redactSecrets((error as Error).message)}`);
    return 1;
  }
}

function parseArgs(argv: string[], properties: Record<string, { type: string }>): { folder: string; options: ReconcileOptions } {
  const options: Record<string, unknown> = {};
  let folder: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      if (folder) throw new Error(`kfp-reconcile takes one team folder; got "${folder}" and "${arg}"`);
      folder = arg;
      continue;
    }
    const [flag, inline] = arg.slice(2).split(/=(.*)/s);
    const name = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const property = properties[name];
    if (!property) throw new Error(`unknown option --${flag} (see kfp-reconcile --help)`);
    if (property.type === 'boolean') options[name] = inline === undefined ? true : inline !== 'false';
    else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${flag} needs a value`);
      options[name] = property.type === 'number' ? Number(value) : value;
    }
  }
  if (!folder) throw new Error('kfp-reconcile needs the team folder');
  return { folder, options: options as ReconcileOptions };
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
