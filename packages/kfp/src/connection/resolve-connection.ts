import { existsSync } from 'node:fs';
import { normalizeHost } from './host';
import { registerAuthSecrets, resolveAuth } from './resolve-auth';
import { ConnectionConfigError, type ConnectionOptions, type TeamEnvironmentSettings } from './types';

export interface ConnectionSources {
  /** The target's options (highest precedence). */
  options?: Partial<ConnectionOptions>;
  /** The team folder's environment settings. */
  team?: TeamEnvironmentSettings;
  /** Environment variables (lowest precedence; the only place secrets come from besides options). */
  env: NodeJS.ProcessEnv;
  /** Injected for tests; defaults to fs.existsSync. */
  fileExists?: (path: string) => boolean;
}

/**
 * Merges the connection settings with precedence target options > team
 * settings > environment (KFP_HOST, KFP_NAMESPACE, KFP_UI_URL, KFP_TOKEN,
 * KFP_TOKEN_PATH, KF_PIPELINES_SA_TOKEN_PATH, KFP_COOKIE, DEX_USERNAME,
 * DEX_PASSWORD, DEX_AUTH_TYPE, KFP_CA_FILE, KFP_SKIP_TLS_VERIFY).
 */
export function resolveConnection(sources: ConnectionSources): ConnectionOptions {
  const { options = {}, team = {}, env } = sources;
  const hostSetting = pick(
    ['the "host" option', options.host],
    ["the team's host", team.host],
    ['KFP_HOST', env.KFP_HOST],
  );
  if (!hostSetting) {
    throw new ConnectionConfigError(
      'No KFP API host configured: set the "host" option of the target, "host" in the team\'s environment settings, or the KFP_HOST environment variable (for example https://kubeflow.example.com/pipeline)',
    );
  }
  const host = normalizeHost(hostSetting.value, hostSetting.source);
  const ui = pick(['the "uiUrl" option', options.uiUrl], ["the team's uiUrl", team.uiUrl], ['KFP_UI_URL', env.KFP_UI_URL]);
  const namespace = pick(['', options.namespace], ['', team.namespace], ['', env.KFP_NAMESPACE])?.value;
  const caFile = pick(['', options.caFile], ['', team.caFile], ['', env.KFP_CA_FILE])?.value;
  const skipTlsVerify = options.skipTlsVerify ?? team.skipTlsVerify ?? parseFlag(env.KFP_SKIP_TLS_VERIFY, 'KFP_SKIP_TLS_VERIFY') ?? false;

  let auth = options.auth;
  if (auth) registerAuthSecrets(auth);
  else auth = resolveAuth(team.auth, env, sources.fileExists ?? existsSync);

  const connection: ConnectionOptions = { host, auth, skipTlsVerify };
  if (namespace) connection.namespace = namespace;
  if (ui) connection.uiUrl = normalizeHost(ui.value, ui.source);
  if (caFile) connection.caFile = caFile;
  if (options.timeoutMs !== undefined) connection.timeoutMs = options.timeoutMs;
  if (options.retry) connection.retry = options.retry;
  return connection;
}

/** The first setting that is present and not blank, with the name of where it came from. */
function pick(...candidates: Array<[string, string | undefined]>): { source: string; value: string } | undefined {
  for (const [source, value] of candidates) {
    if (value !== undefined && value.trim() !== '') return { source, value: value.trim() };
  }
  return undefined;
}

/** Boolean environment flags: only clear yes/no words, anything else is an error rather than a guess. */
export function parseFlag(value: string | undefined, name: string): boolean | undefined {
  const normalized = value?.trim().toLowerCase();
  if (!normalized) return undefined;
  if (['1', 'true', 'yes', 'on'].includes(normalized)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalized)) return false;
  throw new ConnectionConfigError(`${name} must be true or false, got "${value}"`);
}
