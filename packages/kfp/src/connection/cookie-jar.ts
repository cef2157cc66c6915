interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  /** Set without a Domain attribute: sent back to exactly the host that set it. */
  hostOnly: boolean;
  path: string;
  secure: boolean;
  expiresAt?: number;
}

/**
 * A small cookie jar for the Dex login's redirect chain (RFC 6265 domain,
 * path, Secure and expiry rules; no public-suffix list, which a login flow
 * against one gateway does not need).
 */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores the cookies of one response's Set-Cookie headers. */
  store(setCookieHeaders: readonly string[], requestUrl: URL): void {
    for (const header of setCookieHeaders) {
      const cookie = parseSetCookie(header, requestUrl, this.now());
      if (!cookie) continue;
      const key = `${cookie.domain};${cookie.path};${cookie.name}`;
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= this.now()) this.cookies.delete(key);
      else this.cookies.set(key, cookie);
    }
  }

  /** The Cookie header a browser would send to `url` ('' when none). */
  headerFor(url: URL): string {
    const host = url.hostname.toLowerCase();
    return this.live()
      .filter((c) => (c.hostOnly ? host === c.domain : host === c.domain || host.endsWith(`.${c.domain}`)))
      .filter((c) => pathMatches(url.pathname || '/', c.path))
      .filter((c) => !c.secure || url.protocol === 'https:')
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** Every cookie, whatever its domain, as the reference joins them for the KFP API. */
  headerForAll(): string {
    return this.live()
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  values(): string[] {
    return this.live().map((c) => c.value);
  }

  private live(): StoredCookie[] {
    const now = this.now();
    return [...this.cookies.values()].filter((c) => c.expiresAt === undefined || c.expiresAt > now);
  }
}

export function parseSetCookie(header: string, requestUrl: URL, now: number): StoredCookie | undefined {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const cookie: StoredCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    domain: requestUrl.hostname.toLowerCase(),
    hostOnly: true,
    path: defaultPath(requestUrl.pathname),
    secure: false,
  };
  let maxAge: number | undefined;
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'domain' && value) {
      const domain = value.replace(/^\./, '').toLowerCase();
      const host = cookie.domain;
      // A server may only widen a cookie to a domain it belongs to.
      if (host !== domain && !host.endsWith(`.${domain}`)) return undefined;
      cookie.domain = domain;
      cookie.hostOnly = false;
    } else if (key === 'path' && value.startsWith('/')) {
      cookie.path = value;
    } else if (key === 'secure') {
      cookie.secure = true;
    } else if (key === 'max-age' && /^-?\d+$/.test(value)) {
      maxAge = Number(value);
    } else if (key === 'expires') {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) cookie.expiresAt = ms;
    }
  }
  // Max-Age wins over Expires.
  if (maxAge !== undefined) cookie.expiresAt = now + maxAge * 1000;
  return cookie;
}

function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith('/')) return '/';
  const lastSlash = requestPath.lastIndexOf('/');
  return lastSlash <= 0 ? '/' : requestPath.slice(0, lastSlash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
