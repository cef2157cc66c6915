import { inspect } from 'node:util';
import { startEmulator } from 'kfp-emulator';
import { createKfpClient } from '../../../src/connection/create-kfp-client';
import type { AuthSettings, ConnectionOptions } from '../../../src/connection/types';
import { KfpApiError } from '../../../src/kfp-client/kfp-api-error';
import type { KfpClient } from '../../../src/kfp-client/kfp-client';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/**
 * Everything the client said in a test file: verbose log lines, warnings and
 * error messages. The last test of each file searches it for the secrets used.
 */
export class Transcript {
  readonly lines: string[] = [];
  /** Retry delays the client asked for (sleep is injected, so nothing really waits). */
  readonly sleeps: number[] = [];

  readonly log = (line: string): void => {
    this.lines.push(line);
  };

  readonly sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
  };

  /** Awaits a call that must fail, records its message and returns the error. */
  async failure(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      // Everything a logger or an uncaught-error report could print.
      this.lines.push(error.message, String(error.stack ?? ''), JSON.stringify(error), inspect(error, { depth: 10 }));
      return error;
    }
    throw new Error('expected the call to fail, but it succeeded');
  }

  async apiFailure(promise: Promise<unknown>): Promise<KfpApiError> {
    const error = await this.failure(promise);
    if (!(error instanceof KfpApiError)) throw new Error(`expected a KfpApiError, got ${error.name}: ${error.message}`);
    return error;
  }

  /** The secrets that appear anywhere in what the client said. */
  leaks(secrets: readonly string[]): string[] {
    const text = this.lines.join('\n');
    return secrets.filter((secret) => text.includes(secret) || text.includes(encodeURIComponent(secret)));
  }
}

export interface ConnectOptions {
  auth?: AuthSettings;
  namespace?: string;
  /** Talk to the API under `/pipeline` like behind a Kubeflow gateway (default) or at the root. */
  prefix?: boolean;
  /** A host path of its own (e.g. a misconfigured one), instead of `prefix`. */
  hostPath?: string;
  uiUrl?: string;
  timeoutMs?: number;
  attempts?: number;
  /** Replaces the transcript's instant sleep (e.g. to wait for the server to catch up). */
  sleep?: (ms: number) => Promise<void>;
}

export function connectionFor(emulator: Emulator, options: ConnectOptions = {}): ConnectionOptions {
  const connection: ConnectionOptions = {
    host: options.hostPath !== undefined ? `${emulator.url}${options.hostPath}` : options.prefix === false ? emulator.url : `${emulator.url}/pipeline`,
    auth: options.auth ?? { method: 'none' },
    skipTlsVerify: false,
    timeoutMs: options.timeoutMs ?? 10_000,
    retry: { attempts: options.attempts ?? 4, baseDelayMs: 1, maxDelayMs: 10 },
  };
  if (options.namespace) connection.namespace = options.namespace;
  if (options.uiUrl) connection.uiUrl = options.uiUrl;
  return connection;
}

export function connect(emulator: Emulator, transcript: Transcript, options: ConnectOptions = {}): Promise<KfpClient> {
  const sleep = options.sleep
    ? async (ms: number) => {
        transcript.sleeps.push(ms);
        await options.sleep?.(ms);
      }
    : transcript.sleep;
  return createKfpClient(connectionFor(emulator, options), { log: transcript.log, warn: transcript.log, sleep });
}

/** Request kinds the emulator recorded, in order. */
export function kinds(emulator: Emulator, filter?: (kind: string) => boolean): string[] {
  return emulator
    .requests()
    .map((request) => request.kind)
    .filter((kind) => (filter ? filter(kind) : true));
}

/** Resolves once `condition` holds, checking every 25 ms; fails after `limitMs` so a broken test cannot hang. */
export async function until(condition: () => boolean, limitMs = 10_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 25) {
    if (waited >= limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
