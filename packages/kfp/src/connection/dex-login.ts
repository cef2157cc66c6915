import type { Agent as HttpsAgent } from 'node:https';
import type { AxiosInstance } from 'axios';
import { rawHttpClient } from '../kfp-client/raw-http';
import { redactSecrets, registerSecret } from '../utils/redact';
import { CookieJar } from './cookie-jar';
import { registerCookieSecrets } from './resolve-auth';
import type { DexConnector } from './types';

export interface DexLoginOptions {
  /** The KFP endpoint behind the gateway (host with its `/pipeline` prefix). */
  url: string;
  username: string;
  password: string;
  connector: DexConnector;
  httpsAgent?: HttpsAgent;
  timeoutMs: number;
  log?: (line: string) => void;
}

/** The Dex login failed; the message names the user and the step, never the password or cookies. */
export class DexLoginError extends Error {
  override readonly name = 'DexLoginError';
  constructor(message: string) {
    super(redactSecrets(message));
  }
}

interface Hop {
  finalUrl: URL;
  status: number;
  redirected: boolean;
}

const MAX_REDIRECTS = 20;

/**
 * Logs in through Dex the way the reference implementation does and returns
 * the Cookie header for the KFP API ('' when the endpoint is not secured):
 * 1. GET the endpoint following redirects; no redirect means no login needed;
 * 2. a final path ending in `/auth` (connector chooser) becomes `/auth/<connector>`;
 * 3. unless that is already `/auth/<x>/login`, GET it to reach the login form;
 * 4. POST `login` and `password` there; success must redirect (Dex shows the
 *    form again on bad credentials);
 * 5. join every cookie collected along the way.
 */
export async function dexLogin(options: DexLoginOptions): Promise<string> {
  registerSecret(options.password);
  const flow = new LoginFlow(options);
  const start = await flow.follow('GET', new URL(options.url));
  flow.expectOk(start, `open ${options.url}`);
  if (!start.redirected) {
    options.log?.(`Dex login: ${options.url} did not redirect to a login page; the endpoint is not secured`);
    return '';
  }

  let formUrl = new URL(start.finalUrl);
  if (formUrl.pathname.endsWith('/auth')) formUrl.pathname = `${formUrl.pathname}/${options.connector}`;
  if (!/\/auth\/[^/]+\/login$/.test(formUrl.pathname)) {
    const chooser = await flow.follow('GET', formUrl);
    flow.expectOk(chooser, `open the Dex "${options.connector}" connector`);
    formUrl = chooser.finalUrl;
  }

  const body = new URLSearchParams({ login: options.username, password: options.password }).toString();
  const submitted = await flow.follow('POST', formUrl, body);
  if (submitted.status !== 200 || !submitted.redirected) {
    throw new DexLoginError(
      `Dex rejected the credentials for ${options.username} (connector "${options.connector}", login form at ${describeUrl(formUrl)} answered HTTP ${submitted.status} without redirecting)`,
    );
  }
  const cookie = flow.jar.headerForAll();
  registerCookieSecrets(cookie);
  options.log?.(`Dex login: logged in as ${options.username}`);
  return cookie;
}

class LoginFlow {
  readonly jar = new CookieJar();
  private readonly http: AxiosInstance;

  constructor(private readonly options: DexLoginOptions) {
    this.http = rawHttpClient(options.httpsAgent);
  }

  /** One request and its redirects, storing cookies at every hop as a browser would. */
  async follow(method: 'GET' | 'POST', url: URL, formBody?: string): Promise<Hop> {
    let current = url;
    let currentMethod = method;
    let body = formBody;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const headers: Record<string, string> = { Accept: 'text/html,application/json' };
      const cookie = this.jar.headerFor(current);
      if (cookie) headers.Cookie = cookie;
      if (body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      let response;
      try {
        response = await this.http.request<string>({
          method: currentMethod,
          url: current.toString(),
          headers,
          data: body,
          timeout: this.options.timeoutMs,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
      } catch (error) {
        // Not attached as `cause`: the axios error's config holds the cookies and the password form.
        const code = (error as { code?: unknown }).code;
        throw new DexLoginError(`Dex login for ${this.options.username}: could not reach ${describeUrl(current)} (${typeof code === 'string' ? code : 'network error'})`);
      }
      this.options.log?.(`Dex login: ${currentMethod} ${describeUrl(current)} ${response.status}`);
      const setCookie = response.headers['set-cookie'];
      if (setCookie) this.jar.store(setCookie, current);
      const location = response.headers.location;
      if (response.status < 300 || response.status >= 400 || typeof location !== 'string') {
        return { finalUrl: current, status: response.status, redirected: hop > 0 };
      }
      current = new URL(location, current);
      // 301/302/303 turn a POST into a GET, as browsers (and python-requests) do.
      if (response.status !== 307 && response.status !== 308) {
        currentMethod = 'GET';
        body = undefined;
      }
    }
    throw new DexLoginError(`Dex login for ${this.options.username}: more than ${MAX_REDIRECTS} redirects starting at ${describeUrl(url)}`);
  }

  expectOk(hop: Hop, step: string): void {
    if (hop.status !== 200) {
      throw new DexLoginError(`Dex login for ${this.options.username}: ${step} ended at ${describeUrl(hop.finalUrl)} with HTTP ${hop.status}`);
    }
  }
}

/** Scheme, host and path only: queries of login URLs carry OAuth state. */
function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
