import type { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { anonymousAuth, type AuthProvider } from '../kfp-client/auth-provider';
import { DEFAULT_RETRY_POLICY } from '../kfp-client/backoff';
import { KfpClient } from '../kfp-client/kfp-client';
import { KfpTransport } from '../kfp-client/transport';
import { redactSecrets } from '../utils/redact';
import { DexAuth } from './dex-auth';
import { describeAuth } from './describe-identity';
import { registerAuthSecrets } from './resolve-auth';
import { createHttpsAgent } from './tls';
import { TokenFileAuth } from './token-file-auth';
import type { ConnectionOptions } from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface CreateKfpClientOptions {
  /** Verbose log (`--verbose`): method, path, status, duration; secrets are redacted. */
  log?: (line: string) => void;
  /** Where warnings go (skipTlsVerify); defaults to stderr. */
  warn?: (message: string) => void;
  /** Injected for tests of retry timing. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/**
 * Builds a client for a resolved connection. Credentials are checked up
 * front: a token file is read and a Dex login is performed here, so a bad
 * password or a missing file fails before any API call.
 */
export async function createKfpClient(connection: ConnectionOptions, options: CreateKfpClientOptions = {}): Promise<KfpClient> {
  const log = options.log ? (line: string) => options.log?.(redactSecrets(line)) : undefined;
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${redactSecrets(message)}\n`));
  const timeoutMs = connection.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const httpsAgent = connection.host.startsWith('https:') ? createHttpsAgent(connection, warn) : undefined;
  registerAuthSecrets(connection.auth);
  const auth = await createAuthProvider(connection, { httpsAgent, timeoutMs, log });
  const transport = new KfpTransport({
    apiBase: connection.host,
    auth,
    timeoutMs,
    retry: { ...DEFAULT_RETRY_POLICY, ...connection.retry },
    httpsAgent,
    log,
    sleep: options.sleep ?? ((ms) => sleep(ms)),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  });
  return new KfpClient(transport, connection.uiUrl ?? connection.host, connection.namespace);
}

async function createAuthProvider(
  connection: ConnectionOptions,
  context: { httpsAgent?: HttpsAgent; timeoutMs: number; log?: (line: string) => void },
): Promise<AuthProvider> {
  const auth = connection.auth;
  const identity = describeAuth(auth);
  switch (auth.method) {
    case 'none':
      return anonymousAuth;
    case 'token':
      return { identity, headers: async () => ({ Authorization: `Bearer ${auth.token}` }) };
    case 'cookie':
      return { identity, headers: async () => ({ Cookie: auth.cookie }) };
    case 'token-file': {
      const provider = new TokenFileAuth(auth.tokenPath);
      await provider.token();
      return provider;
    }
    case 'dex': {
      const provider = new DexAuth({
        url: connection.host,
        username: auth.username,
        password: auth.password,
        connector: auth.connector,
        httpsAgent: context.httpsAgent,
        timeoutMs: context.timeoutMs,
        log: context.log,
      });
      await provider.login();
      return provider;
    }
  }
}
