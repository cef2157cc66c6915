import * as path from 'node:path';
import { formatDocPath, type PendingProblem } from '../config-file/problems';
import { NAMESPACE_PATTERN } from './schemas/common';
import { DEFAULT_SERVICE_ACCOUNT, teamSettingsFileSchema, type ParsedEnvironment, type ParsedTeamSettings } from './schemas/team-settings';
import type { TeamEnvironment, TeamSettings } from './model';
import { findSecrets } from './secrets';
import type { YamlFile } from '../config-file/yaml-file';
import { validateWithSchema } from '../config-file/zod-issues';

export interface SettingsCheck {
  /** Problems in kfp-team.yaml. */
  problems: PendingProblem[];
  /** Problem with the namespace taken from the folder name (there is no file to point at). */
  folderProblem?: string;
  settings?: TeamSettings;
}

/** Reads kfp-team.yaml (when present) into settings, with the defaults applied. */
export function checkSettingsFile(yaml: YamlFile | undefined, folderPath: string): SettingsCheck {
  if (yaml && yaml.data === undefined) return { problems: [] };
  const secrets = yaml ? findSecrets(yaml) : [];
  const secretPaths = new Set(secrets.map((p) => formatDocPath(p.path)));
  // An empty file means "all defaults".
  const data = yaml?.data ?? {};
  const result = yaml ? validateWithSchema(teamSettingsFileSchema, data, yaml, []) : { ok: true as const, data: teamSettingsFileSchema.parse({}) };
  if (!result.ok) {
    const schemaProblems = result.problems.filter((p) => !secretPaths.has(formatDocPath(p.path)));
    return { problems: [...secrets, ...schemaProblems] };
  }
  const folderName = path.basename(folderPath);
  if (result.data.namespace === undefined && !isNamespace(folderName)) {
    return {
      problems: secrets,
      folderProblem: `the folder name ${JSON.stringify(folderName)} is not a valid Kubernetes namespace (lower-case letters, digits and "-", at most 63 characters); set namespace in kfp-team.yaml`,
    };
  }
  return { problems: secrets, settings: toSettings(result.data, folderPath, yaml?.file ?? null) };
}

function isNamespace(name: string): boolean {
  return name.length <= 63 && NAMESPACE_PATTERN.test(name);
}

function toSettings(input: ParsedTeamSettings, folderPath: string, file: string | null): TeamSettings {
  const namespace = input.namespace ?? path.basename(folderPath);
  const environments: Record<string, TeamEnvironment> = {};
  for (const [name, env] of Object.entries(input.environments)) environments[name] = toEnvironment(name, env, namespace, folderPath);
  return {
    file,
    namespace,
    defaultServiceAccount: input.default_service_account ?? DEFAULT_SERVICE_ACCOUNT,
    githubApiUrl: input.github_api_url ?? null,
    defaultEnvironment: input.default_environment ?? null,
    environments,
  };
}

function toEnvironment(name: string, env: ParsedEnvironment, teamNamespace: string, folderPath: string): TeamEnvironment {
  const fromFolder = (p: string | undefined) => (p === undefined ? null : path.resolve(folderPath, p));
  return {
    name,
    host: env.host,
    namespace: env.namespace ?? teamNamespace,
    uiUrl: env.ui_url ?? null,
    auth: {
      method: env.auth?.method ?? null,
      tokenPath: fromFolder(env.auth?.token_path),
      dexConnector: env.auth?.dex_connector ?? 'local',
    },
    caFile: fromFolder(env.ca_file),
    skipTlsVerify: env.skip_tls_verify ?? false,
  };
}

