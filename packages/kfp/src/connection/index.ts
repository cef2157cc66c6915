export { CookieJar } from './cookie-jar';
export { createKfpClient, DEFAULT_TIMEOUT_MS, type CreateKfpClientOptions } from './create-kfp-client';
export { describeAuth, describeIdentity } from './describe-identity';
export { dexLogin, DexLoginError, type DexLoginOptions } from './dex-login';
export { normalizeHost } from './host';
export { DEFAULT_SA_TOKEN_PATH } from './resolve-auth';
export { parseFlag, resolveConnection, type ConnectionSources } from './resolve-connection';
export { createHttpsAgent } from './tls';
export { TokenFileAuth } from './token-file-auth';
export {
  ConnectionConfigError,
  type AuthMethod,
  type AuthSettings,
  type ConnectionOptions,
  type DexConnector,
  type TeamEnvironmentSettings,
} from './types';
