import type { AuthSettings } from './types';

/**
 * Says which credentials are in use, for error messages ("user1@example.com
 * via Dex", "bearer token from KFP_TOKEN"). Names sources, never secrets;
 * for cookies only the cookie names are given.
 */
export function describeAuth(auth: AuthSettings): string {
  switch (auth.method) {
    case 'none':
      return 'no credentials (anonymous)';
    case 'token':
      return `bearer token from ${auth.source ?? 'the connection options'}`;
    case 'token-file':
      return `token from ${auth.tokenPath}`;
    case 'cookie': {
      const names = cookieNames(auth.cookie);
      const what = names.length ? `cookie ${names.join(', ')}` : 'cookie';
      return `${what} from ${auth.source ?? 'the connection options'}`;
    }
    case 'dex':
      return `${auth.username} via Dex (${auth.connector} connector)`;
  }
}

function cookieNames(cookie: string): string[] {
  return cookie
    .split(';')
    .map((part) => part.split('=')[0]?.trim() ?? '')
    .filter((name) => name && /^[\w.-]+$/.test(name));
}
