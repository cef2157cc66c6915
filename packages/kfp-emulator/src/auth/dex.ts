import { randomBytes } from 'node:crypto';
import { escapeHtml, htmlReply, redirectReply, type Reply } from '../http/reply';
import type { EmulatorUser } from '../types';
import { SESSION_COOKIE } from './identity';

const CONNECTORS = ['local', 'ldap'] as const;

export const DEX_KINDS = ['dex.auth', 'dex.connector', 'dex.loginForm', 'dex.login', 'dex.approval', 'oauth2.callback'] as const;
export type DexKind = (typeof DEX_KINDS)[number];

/** Which step of the login flow a request is, or undefined if it is not part of it. */
export function dexKind(method: string, path: string): DexKind | undefined {
  if (path === '/dex/auth' && method === 'GET') return 'dex.auth';
  const connector = /^\/dex\/auth\/(local|ldap)(\/login)?$/.exec(path);
  if (connector && !connector[2] && method === 'GET') return 'dex.connector';
  if (connector?.[2] && method === 'GET') return 'dex.loginForm';
  if (connector?.[2] && method === 'POST') return 'dex.login';
  if (path === '/dex/approval' && method === 'GET') return 'dex.approval';
  if (path === '/oauth2/callback' && method === 'GET') return 'oauth2.callback';
  return undefined;
}
type Connector = (typeof CONNECTORS)[number];
/** Bounds the pending-login tables so a chatty client cannot grow them forever. */
const MAX_PENDING = 1000;

interface AuthRequest {
  oauthState: string;
  connector: Connector;
  user?: string;
}

const token = (): string => randomBytes(18).toString('base64url');

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_PENDING) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/**
 * The deployKF gateway login as a browser (or the reference Python client) walks it:
 * oauth2-proxy redirect -> Dex connector chooser -> connector login form -> approval ->
 * oauth2 callback that sets the session cookie and returns to the original URL.
 */
export class DexGateway {
  private readonly returnTo = new Map<string, string>();
  private readonly authRequests = new Map<string, AuthRequest>();
  private readonly codes = new Map<string, { user: string; oauthState: string }>();
  private readonly sessions = new Map<string, string>();

  constructor(private readonly users: () => readonly EmulatorUser[]) {}

  sessionUser(sessionId: string): string | undefined {
    return this.sessions.get(sessionId);
  }

  clearSessions(): void {
    this.sessions.clear();
  }

  /** oauth2-proxy's answer to an unauthenticated page request. */
  startLogin(originalUrl: string): Reply {
    const state = token();
    remember(this.returnTo, state, originalUrl);
    const query = new URLSearchParams({
      client_id: 'kubeflow-oidc-authservice',
      redirect_uri: '/oauth2/callback',
      response_type: 'code',
      scope: 'openid profile email groups',
      state,
    });
    return redirectReply(302, `/dex/auth?${query.toString()}`);
  }

  /** Handles a request whose kind dexKind() recognised. */
  handle(kind: DexKind, path: string, query: URLSearchParams, form: URLSearchParams): Reply {
    const connector = (/^\/dex\/auth\/(local|ldap)/.exec(path)?.[1] ?? 'local') as Connector;
    switch (kind) {
      case 'dex.auth':
        return this.chooser(query);
      case 'dex.connector':
        return this.connector(connector, query);
      case 'dex.loginForm':
        return this.loginForm(connector, query, '');
      case 'dex.login':
        return this.login(connector, query, form);
      case 'dex.approval':
        return this.approval(query);
      case 'oauth2.callback':
        return this.callback(query);
    }
  }

  private chooser(query: URLSearchParams): Reply {
    const state = query.get('state') ?? '';
    if (!this.returnTo.has(state)) return badRequest('Invalid or expired login request (unknown state).');
    const links = CONNECTORS.map(
      (c) => `<li><a href="/dex/auth/${c}?${escapeHtml(query.toString())}">Log in with ${c === 'local' ? 'Email' : 'LDAP'}</a></li>`,
    ).join('\n');
    return htmlReply(200, page('Log in to KFP emulator', `<ul class="connectors">\n${links}\n</ul>`));
  }

  private connector(connector: Connector, query: URLSearchParams): Reply {
    const state = query.get('state') ?? '';
    if (!this.returnTo.has(state)) return badRequest('Invalid or expired login request (unknown state).');
    const requestId = token();
    remember(this.authRequests, requestId, { oauthState: state, connector });
    return redirectReply(302, `/dex/auth/${connector}/login?back=&state=${requestId}`);
  }

  private loginForm(connector: Connector, query: URLSearchParams, error: string): Reply {
    const requestId = query.get('state') ?? '';
    if (this.authRequests.get(requestId)?.connector !== connector) return badRequest('Invalid or expired login request.');
    const action = `/dex/auth/${connector}/login?back=&state=${encodeURIComponent(requestId)}`;
    const errorHtml = error ? `<div id="login-error" class="dex-error-box">${escapeHtml(error)}</div>\n` : '';
    const form =
      `${errorHtml}<form method="post" action="${escapeHtml(action)}">\n` +
      `<label for="login">${connector === 'local' ? 'Email Address' : 'Username'}</label><input type="text" id="login" name="login" autofocus>\n` +
      `<label for="password">Password</label><input type="password" id="password" name="password">\n` +
      `<button type="submit" id="submit-login">Login</button>\n</form>`;
    return htmlReply(200, page('Log in to Your Account', form));
  }

  /** Wrong credentials re-render the form with 200 (no redirect), as Dex does. */
  private login(connector: Connector, query: URLSearchParams, form: URLSearchParams): Reply {
    const requestId = query.get('state') ?? '';
    const request = this.authRequests.get(requestId);
    if (request?.connector !== connector) return badRequest('Invalid or expired login request.');
    const login = form.get('login') ?? '';
    const password = form.get('password') ?? '';
    const user = this.users().find((u) => u.name === login && u.password !== undefined && u.password === password);
    if (!user) return this.loginForm(connector, query, 'Invalid Email Address and password.');
    request.user = user.name;
    return redirectReply(303, `/dex/approval?req=${requestId}`);
  }

  private approval(query: URLSearchParams): Reply {
    const requestId = query.get('req') ?? '';
    const request = this.authRequests.get(requestId);
    if (!request?.user) return badRequest('Invalid or expired login request.');
    this.authRequests.delete(requestId);
    const code = token();
    remember(this.codes, code, { user: request.user, oauthState: request.oauthState });
    return redirectReply(303, `/oauth2/callback?code=${code}&state=${encodeURIComponent(request.oauthState)}`);
  }

  private callback(query: URLSearchParams): Reply {
    const grant = this.codes.get(query.get('code') ?? '');
    const state = query.get('state') ?? '';
    if (!grant || grant.oauthState !== state) return htmlReply(403, page('Forbidden', '<p>Invalid authorization code or state.</p>'));
    this.codes.delete(query.get('code') ?? '');
    const back = this.returnTo.get(state) ?? '/pipeline';
    this.returnTo.delete(state);
    const sessionId = token();
    remember(this.sessions, sessionId, grant.user);
    return redirectReply(302, back, { 'set-cookie': `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax` });
  }
}

function badRequest(message: string): Reply {
  return htmlReply(400, page('Bad Request', `<p>${escapeHtml(message)}</p>`));
}

function page(title: string, content: string): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n<h2>${escapeHtml(title)}</h2>\n${content}\n</body></html>\n`;
}
