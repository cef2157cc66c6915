import type { RetryPolicy } from '../kfp-client/backoff';

export type DexConnector = 'local' | 'ldap';
export type AuthMethod = 'none' | 'token' | 'token-file' | 'cookie' | 'dex';

/**
 * Resolved credentials. `source` says where they came from (an environment
 * variable, a target option...) so errors can name it without the secret.
 */
export type AuthSettings =
  | { method: 'none' }
  | { method: 'token'; token: string; source?: string }
  | { method: 'token-file'; tokenPath: string; source?: string }
  | { method: 'cookie'; cookie: string; source?: string }
  | { method: 'dex'; username: string; password: string; connector: DexConnector; source?: string };

/** Everything needed to talk to one KFP API. */
export interface ConnectionOptions {
  /** API base: scheme, host, port and path prefix (e.g. `https://kf.example.com:8443/pipeline`), no trailing slash. */
  host: string;
  /** Profile namespace the commands act in (multi-user clusters). */
  namespace?: string;
  /** Base URL of the KFP UI for links; defaults to `host`. */
  uiUrl?: string;
  auth: AuthSettings;
  /** PEM file with extra CA certificates to trust. */
  caFile?: string;
  /** Turns TLS certificate checks off (explicit opt-in only). */
  skipTlsVerify: boolean;
  /** Time limit of each HTTP request (default 30 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** Connection settings of a team folder (no secrets: those come from the environment). */
export interface TeamEnvironmentSettings {
  host?: string;
  namespace?: string;
  uiUrl?: string;
  auth?: {
    method?: AuthMethod;
    tokenPath?: string;
    dexConnector?: DexConnector;
  };
  caFile?: string;
  skipTlsVerify?: boolean;
}

/** A connection setting that cannot be used as given. */
export class ConnectionConfigError extends Error {
  override readonly name = 'ConnectionConfigError';
}
