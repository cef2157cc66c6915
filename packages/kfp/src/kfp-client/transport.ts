import type { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { rawHttpClient, readText } from './raw-http';
import type { ZodType } from 'zod';
import { redactSecrets } from '../utils/redact';
import type { AuthProvider } from './auth-provider';
import { backoffDelay, parseRetryAfter, type RetryPolicy } from './backoff';
import { looksLikeHtml, parseErrorBody } from './error-body';
import { KfpApiError } from './kfp-api-error';
import { likelyCause } from './likely-cause';

/** The two API versions a KFP 2.x server serves (KFP 1.x serves only v1beta1). */
export type ApiVersion = 'v1beta1' | 'v2beta1';

/**
 * - `none`: one attempt (creates and uploads, which must never be blindly repeated);
 * - `idempotent`: retried on transient failures (reads, enable, disable, unarchive);
 * - `delete`: like idempotent, and a 404 after a retry means an earlier attempt did the job.
 */
export type RetryMode = 'none' | 'idempotent' | 'delete';

export interface ApiRequest<T> {
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under `/apis/<api>`, query string included. */
  path: string;
  /** Default v1beta1. */
  api?: ApiVersion;
  json?: unknown;
  form?: FormData;
  schema: ZodType<T>;
  retry: RetryMode;
  /** Namespace named in authentication errors. */
  namespace?: string;
}

export interface TransportOptions {
  /** Scheme, host, port and path prefix (e.g. `/pipeline`), without a trailing slash. */
  apiBase: string;
  auth: AuthProvider;
  timeoutMs: number;
  retry: RetryPolicy;
  httpsAgent?: HttpsAgent;
  /** Verbose log: method, path, status and duration, never headers or bodies. */
  log?: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
}

/** Sends API requests: credentials, time limit, retries, logging, and every failure as a KfpApiError. */
export class KfpTransport {
  private readonly http: AxiosInstance;

  constructor(private readonly options: TransportOptions) {
    // API calls never follow redirects: a redirect means a login page, and
    // following it could carry credentials to another host.
    this.http = rawHttpClient(options.httpsAgent);
  }

  get identity(): string {
    return this.options.auth.identity;
  }

  async request<T>(req: ApiRequest<T>): Promise<T> {
    const attempts = req.retry === 'none' ? 1 : Math.max(1, this.options.retry.attempts);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attemptWithReauth(req);
      } catch (error) {
        if (!(error instanceof KfpApiError)) throw error;
        if (req.retry === 'delete' && attempt > 1 && error.reason === 'http' && error.status === 404) {
          return this.validate(req, {});
        }
        if (!error.retryable || attempt >= attempts) throw error;
        const delay = this.nextDelay(attempt, error.retryAfterMs);
        this.log(`${req.operation}: ${error.summary}; retry ${attempt}/${attempts - 1} in ${delay} ms`);
        await this.options.sleep(delay);
      }
    }
  }

  /** Backoff delay before retry number `retry`; for callers that run their own retry loop. */
  nextDelay(retry: number, retryAfterMs?: number): number {
    return backoffDelay(retry, this.options.retry, this.options.random, retryAfterMs);
  }

  sleep(ms: number): Promise<void> {
    return this.options.sleep(ms);
  }

  /** Milliseconds since the epoch, from the injectable clock. */
  now(): number {
    return this.options.now();
  }

  /** How long one request may take. */
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  get retryPolicy(): RetryPolicy {
    return this.options.retry;
  }

  log(line: string): void {
    this.options.log?.(redactSecrets(line));
  }

  private async attemptWithReauth<T>(req: ApiRequest<T>): Promise<T> {
    try {
      return await this.attempt(req);
    } catch (error) {
      const refresh = this.options.auth.refresh?.bind(this.options.auth);
      if (!(error instanceof KfpApiError) || !error.unauthenticated || !refresh) throw error;
      this.log(`${req.operation}: credentials rejected, logging in again`);
      if (!(await refresh())) throw error;
      return await this.attempt(req);
    }
  }

  private async attempt<T>(req: ApiRequest<T>): Promise<T> {
    const url = `${this.options.apiBase}/apis/${req.api ?? 'v1beta1'}${req.path}`;
    const pathOnly = new URL(url).pathname;
    const headers: Record<string, string> = { Accept: 'application/json', ...(await this.options.auth.headers()) };
    let data: unknown;
    if (req.form) data = req.form;
    else if (req.json !== undefined) data = JSON.stringify(req.json);
    // Body-less POSTs (enable, disable, unarchive) go out as empty JSON, as the SDK sends them, not as axios' default form type.
    if (!req.form && req.method !== 'GET') headers['Content-Type'] = 'application/json';
    const started = this.options.now();
    let response: AxiosResponse<string>;
    try {
      const streamed = await this.http.request<Readable>({
        method: req.method,
        url,
        headers,
        data,
        // Read as it arrives (readText): a page of jobs is megabytes.
        responseType: 'stream',
        timeout: this.options.timeoutMs,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      response = { ...streamed, data: await readText(streamed.data) };
    } catch (cause) {
      const error = this.networkError(req, cause);
      this.log(`${req.method} ${pathOnly} ${error.networkCode ?? error.reason} ${this.options.now() - started} ms`);
      throw error;
    }
    this.log(`${req.method} ${pathOnly} ${response.status} ${this.options.now() - started} ms`);
    return this.interpret(req, response);
  }

  private interpret<T>(req: ApiRequest<T>, response: AxiosResponse<string>): T {
    const status = response.status;
    const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    const contentType = headerValue(response.headers['content-type']);
    const context = { operation: req.operation, namespace: req.namespace, identity: this.identity };
    if (status >= 300 && status < 400) {
      const target = describeLocation(headerValue(response.headers.location));
      throw new KfpApiError({ ...context, reason: 'login-page', status, serverMessage: `HTTP ${status} redirect to ${target}` });
    }
    if (status >= 400) {
      const body = parseErrorBody(text, contentType);
      throw new KfpApiError({
        ...context,
        reason: 'http',
        status,
        code: body.code,
        serverMessage: body.message,
        retryAfterMs: parseRetryAfter(headerValue(response.headers['retry-after']), this.options.now()),
        likelyCause: likelyCause(status, body.format, body.message, req.method),
      });
    }
    if (looksLikeHtml(text, contentType)) {
      throw new KfpApiError({ ...context, reason: 'login-page', status, serverMessage: `HTTP ${status} with ${parseErrorBody(text, contentType).message}` });
    }
    let json: unknown;
    try {
      json = text.trim() ? JSON.parse(text) : {};
    } catch {
      const type = contentType ? ` (Content-Type ${contentType.split(';')[0].trim()})` : '';
      throw new KfpApiError({ ...context, reason: 'invalid-response', status, serverMessage: `HTTP ${status} with a body that is not JSON${type}` });
    }
    return this.validate(req, json);
  }

  private validate<T>(req: ApiRequest<T>, json: unknown): T {
    const result = req.schema.safeParse(json);
    if (result.success) return result.data;
    const problems = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
      .join('; ');
    throw new KfpApiError({
      operation: req.operation,
      reason: 'invalid-response',
      status: 200,
      serverMessage: `the response does not match the v1beta1 API (${problems})`,
    });
  }

  private networkError(req: ApiRequest<unknown>, cause: unknown): KfpApiError {
    const code = errorCode(cause);
    const timedOut = code === 'ERR_CANCELED' || code === 'ECONNABORTED' || code === 'ETIMEDOUT';
    const message = cause instanceof Error ? cause.message : String(cause);
    return new KfpApiError({
      operation: req.operation,
      namespace: req.namespace,
      reason: timedOut ? 'timeout' : 'network',
      status: 0,
      serverMessage: timedOut ? `no answer within ${this.options.timeoutMs} ms` : `${code ?? 'error'}: ${message}${tlsHint(code)}`,
      networkCode: code,
      // The axios error is deliberately not attached as `cause`: its request
      // config holds the Authorization and Cookie headers, and util.inspect
      // (uncaught errors, loggers) would print them.
    });
  }
}

function tlsHint(code: string | undefined): string {
  if (!code || !/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return '';
  return '; the server certificate is not trusted: give its CA with caFile (KFP_CA_FILE), or turn checks off with skipTlsVerify (KFP_SKIP_TLS_VERIFY=true)';
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  return errorCode((error as { cause?: unknown }).cause);
}

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** Host and path of a redirect target; its query (OAuth state, return URLs) is left out. */
function describeLocation(location: string | undefined): string {
  if (!location) return 'an unnamed location';
  try {
    const url = new URL(location, 'http://relative.invalid');
    return url.host === 'relative.invalid' ? url.pathname : `${url.host}${url.pathname}`;
  } catch {
    return 'an unreadable location';
  }
}
