import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorUser } from '../types';

export const SESSION_COOKIE = 'oauth2_proxy_kubeflow';

export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/**
 * Who the request comes from: a Bearer token, the Dex session cookie, or one of the
 * cookie strings configured for a user. Returns undefined when none of them is valid.
 */
export function identify(
  headers: IncomingHttpHeaders,
  users: readonly EmulatorUser[],
  sessionUser: (sessionId: string) => string | undefined,
): EmulatorUser | undefined {
  const auth = headers.authorization;
  if (auth !== undefined) {
    const token = /^Bearer\s+(.+)$/i.exec(auth.trim())?.[1];
    const user = token === undefined ? undefined : users.find((u) => u.tokens?.includes(token));
    if (user) return user;
  }
  const cookies = parseCookieHeader(headers.cookie);
  const sessionId = cookies.get(SESSION_COOKIE);
  if (sessionId !== undefined) {
    const name = sessionUser(sessionId);
    const user = users.find((u) => u.name === name);
    if (user) return user;
  }
  for (const user of users) {
    for (const configured of user.cookies ?? []) {
      const eq = configured.indexOf('=');
      const matches =
        eq > 0
          ? cookies.get(configured.slice(0, eq).trim()) === configured.slice(eq + 1).trim()
          : [...cookies.values()].includes(configured.trim());
      if (matches) return user;
    }
  }
  return undefined;
}
