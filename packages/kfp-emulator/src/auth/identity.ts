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

export interface UserIdHeader {
  name: string;
  prefix: string;
}

export type Identification = { user?: EmulatorUser; headerProblem?: undefined } | { user?: undefined; headerProblem: string };

/**
 * Who the request comes from. First the user-id header, when configured, as the API server's
 * HTTPHeaderAuthenticator reads it (auth/authenticator_http_headers.go and auth/util.go at 2.1.0):
 * exactly one value, starting with the prefix, else a 409 ("Request header error" / "incorrectly
 * formatted"); its user may be unknown to the emulator (then it may use no namespace). Then the
 * emulator's front door: a Bearer token, the Dex session cookie, or a cookie configured for a user.
 */
export function identify(
  headers: IncomingHttpHeaders,
  distinct: NodeJS.Dict<string[]>,
  users: readonly EmulatorUser[],
  sessionUser: (sessionId: string) => string | undefined,
  userIdHeader?: UserIdHeader,
): Identification {
  if (userIdHeader) {
    const values = distinct[userIdHeader.name.toLowerCase()];
    if (values !== undefined) {
      if (values.length !== 1) {
        return { headerProblem: `Request header error: unexpected number of '${userIdHeader.name}' headers. Expect 1 got ${values.length}` };
      }
      if (!values[0].startsWith(userIdHeader.prefix)) {
        return { headerProblem: `Header '${userIdHeader.name}' is incorrectly formatted. Expected prefix '${userIdHeader.prefix}'` };
      }
      const name = values[0].slice(userIdHeader.prefix.length);
      if (name === '') return {};
      return { user: users.find((u) => u.name === name) ?? { name, namespaces: [] } };
    }
  }
  return { user: frontDoorUser(headers, users, sessionUser) };
}

function frontDoorUser(
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
