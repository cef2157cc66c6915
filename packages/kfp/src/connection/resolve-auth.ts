import { registerSecret } from '../utils/redact';
import { ConnectionConfigError, type AuthSettings, type DexConnector, type TeamEnvironmentSettings } from './types';

/** Where KFP pods get their projected service-account token (the v1 SDK's default). */
export const DEFAULT_SA_TOKEN_PATH = '/var/run/secrets/kubeflow/pipelines/token';

type TeamAuth = NonNullable<TeamEnvironmentSettings['auth']>;

/**
 * Credentials from the team's `auth` settings (which choose a method but hold
 * no secrets) and the environment (which holds the secrets). Without a method
 * the environment decides: KFP_TOKEN, KFP_TOKEN_PATH, KFP_COOKIE, Dex user and
 * password, KF_PIPELINES_SA_TOKEN_PATH, the in-cluster token file, else none.
 */
export function resolveAuth(team: TeamAuth | undefined, env: NodeJS.ProcessEnv, fileExists: (path: string) => boolean): AuthSettings {
  const auth = team?.method ? fromMethod(team, env) : detect(team, env, fileExists);
  registerAuthSecrets(auth);
  return auth;
}

/** Registers the secrets of resolved credentials so no message or log line can show them. */
export function registerAuthSecrets(auth: AuthSettings): void {
  if (auth.method === 'token') registerSecret(auth.token);
  if (auth.method === 'dex') registerSecret(auth.password);
  if (auth.method === 'cookie') registerCookieSecrets(auth.cookie);
}

/** A Cookie header as a whole, and each cookie value on its own. */
export function registerCookieSecrets(cookie: string): void {
  registerSecret(cookie);
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) registerSecret(part.slice(eq + 1));
  }
}

function fromMethod(team: TeamAuth, env: NodeJS.ProcessEnv): AuthSettings {
  const where = `the team's auth.method "${team.method}"`;
  switch (team.method) {
    case 'none':
      return { method: 'none' };
    case 'token': {
      const token = nonEmpty(env.KFP_TOKEN);
      if (!token) throw new ConnectionConfigError(`${where} needs a bearer token in the KFP_TOKEN environment variable, which is not set`);
      return { method: 'token', token, source: 'KFP_TOKEN' };
    }
    case 'token-file':
      return explicitTokenFile(team, env) ?? saTokenFile(env) ?? { method: 'token-file', tokenPath: DEFAULT_SA_TOKEN_PATH, source: 'the in-cluster default' };
    case 'cookie': {
      const cookie = nonEmpty(env.KFP_COOKIE);
      if (!cookie) throw new ConnectionConfigError(`${where} needs a Cookie header value in the KFP_COOKIE environment variable, which is not set`);
      return { method: 'cookie', cookie, source: 'KFP_COOKIE' };
    }
    case 'dex': {
      const dex = dexFromEnv(team, env);
      if (!dex) throw new ConnectionConfigError(`${where} needs DEX_USERNAME and DEX_PASSWORD in the environment`);
      return dex;
    }
    default:
      throw new ConnectionConfigError(`unknown auth.method "${String(team.method)}"; expected none, token, token-file, cookie or dex`);
  }
}

function detect(team: TeamAuth | undefined, env: NodeJS.ProcessEnv, fileExists: (path: string) => boolean): AuthSettings {
  const token = nonEmpty(env.KFP_TOKEN);
  if (token) return { method: 'token', token, source: 'KFP_TOKEN' };
  const explicitFile = explicitTokenFile(team, env);
  if (explicitFile) return explicitFile;
  const cookie = nonEmpty(env.KFP_COOKIE);
  if (cookie) return { method: 'cookie', cookie, source: 'KFP_COOKIE' };
  const dex = dexFromEnv(team, env);
  if (dex) return dex;
  const saFile = saTokenFile(env);
  if (saFile) return saFile;
  if (fileExists(DEFAULT_SA_TOKEN_PATH)) return { method: 'token-file', tokenPath: DEFAULT_SA_TOKEN_PATH, source: 'the in-cluster default' };
  return { method: 'none' };
}

function explicitTokenFile(team: TeamAuth | undefined, env: NodeJS.ProcessEnv): AuthSettings | undefined {
  if (team?.tokenPath) return { method: 'token-file', tokenPath: team.tokenPath, source: "the team's auth.tokenPath" };
  const fromEnv = nonEmpty(env.KFP_TOKEN_PATH);
  return fromEnv ? { method: 'token-file', tokenPath: fromEnv, source: 'KFP_TOKEN_PATH' } : undefined;
}

/** The v1 SDK's in-cluster variable (ServiceAccountTokenVolumeCredentials). */
function saTokenFile(env: NodeJS.ProcessEnv): AuthSettings | undefined {
  const path = nonEmpty(env.KF_PIPELINES_SA_TOKEN_PATH);
  return path ? { method: 'token-file', tokenPath: path, source: 'KF_PIPELINES_SA_TOKEN_PATH' } : undefined;
}

function dexFromEnv(team: TeamAuth | undefined, env: NodeJS.ProcessEnv): AuthSettings | undefined {
  const username = nonEmpty(env.DEX_USERNAME);
  const password = env.DEX_PASSWORD ?? '';
  if (!username && !password) return undefined;
  if (!username || !password) {
    throw new ConnectionConfigError(`Dex login needs both DEX_USERNAME and DEX_PASSWORD; only ${username ? 'DEX_USERNAME' : 'DEX_PASSWORD'} is set`);
  }
  return { method: 'dex', username, password, connector: dexConnector(team?.dexConnector, env.DEX_AUTH_TYPE), source: 'DEX_USERNAME/DEX_PASSWORD' };
}

function dexConnector(fromTeam: DexConnector | undefined, fromEnv: string | undefined): DexConnector {
  if (fromTeam) return fromTeam;
  const value = nonEmpty(fromEnv)?.toLowerCase();
  if (value === undefined || value === 'local' || value === 'ldap') return value ?? 'local';
  throw new ConnectionConfigError(`DEX_AUTH_TYPE must be "local" or "ldap", got "${fromEnv}"`);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
