import type { ConnectionOptions, TeamEnvironmentSettings } from './types';
import { resolveConnection } from './resolve-connection';

/**
 * Connection options shared by every executor that talks to KFP (run, reconcile).
 * Secrets are never options (target options end up in logs and task hashes):
 * tokens, cookies and passwords come from KFP_TOKEN, KFP_TOKEN_PATH, KFP_COOKIE,
 * DEX_USERNAME/DEX_PASSWORD.
 */
export interface ConnectionTargetOptions {
  host?: string;
  namespace?: string;
  uiUrl?: string;
  tokenPath?: string;
  caFile?: string;
  skipTlsVerify?: boolean;
  requestTimeout?: number;
}

/** JSON Schema properties of the options above; each executor's schema.json carries a copy (a spec keeps them equal). */
export const CONNECTION_OPTION_PROPERTIES = {
  host: {
    type: 'string',
    description: 'KFP API endpoint, with or without the /pipeline prefix (e.g. https://kubeflow.example.com/pipeline). Default: the team environment, else KFP_HOST.',
  },
  namespace: {
    type: 'string',
    description: 'Profile namespace to act in. Default: the team namespace, else KFP_NAMESPACE.',
  },
  uiUrl: {
    type: 'string',
    description: 'Base URL of the KFP UI for links, when it differs from the host. Default: KFP_UI_URL, else the host.',
  },
  tokenPath: {
    type: 'string',
    description: 'File holding a bearer token, re-read when it changes (e.g. a projected service-account token). Tokens themselves are only taken from KFP_TOKEN, never from options.',
  },
  caFile: {
    type: 'string',
    description: 'PEM file with extra CA certificates to trust. Default: KFP_CA_FILE.',
  },
  skipTlsVerify: {
    type: 'boolean',
    description: 'Do not verify the server TLS certificate (explicit opt-in; also KFP_SKIP_TLS_VERIFY=true).',
  },
  requestTimeout: {
    type: 'number',
    description: 'Seconds each HTTP request may take (default 30).',
  },
} as const;

/** Resolves the connection: target options, then the team's environment settings, then the environment. */
export function connectionFromOptions(options: ConnectionTargetOptions, team: TeamEnvironmentSettings | undefined, env: NodeJS.ProcessEnv): ConnectionOptions {
  return resolveConnection({
    options: {
      host: options.host,
      namespace: options.namespace,
      uiUrl: options.uiUrl,
      caFile: options.caFile,
      skipTlsVerify: options.skipTlsVerify,
      timeoutMs: options.requestTimeout !== undefined ? options.requestTimeout * 1000 : undefined,
      auth: options.tokenPath ? { method: 'token-file', tokenPath: options.tokenPath, source: 'the "tokenPath" option' } : undefined,
    },
    team,
    env,
  });
}
