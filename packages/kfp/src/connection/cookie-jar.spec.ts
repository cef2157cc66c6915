import { CookieJar } from './cookie-jar';

describe('CookieJar', () => {
  const gateway = new URL('https://kf.example.com/dex/auth/local/login?state=abc');

  it('sends host-only cookies back to the same host only, and joins everything for the API', () => {
    const jar = new CookieJar();
    jar.store(['dex_state=s1; Path=/; HttpOnly', 'oauth2_proxy_csrf=c1; Path=/; Secure'], gateway);
    expect(jar.headerFor(new URL('https://kf.example.com/pipeline'))).toBe('dex_state=s1; oauth2_proxy_csrf=c1');
    expect(jar.headerFor(new URL('https://other.example.com/'))).toBe('');
    expect(jar.headerForAll()).toBe('dex_state=s1; oauth2_proxy_csrf=c1');
  });

  it('honours Domain, Path and Secure', () => {
    const jar = new CookieJar();
    jar.store(['wide=1; Domain=.example.com; Path=/', 'deep=2; Path=/pipeline', 'sec=3; Secure'], new URL('https://kf.example.com/x/y'));
    expect(jar.headerFor(new URL('https://dex.example.com/'))).toBe('wide=1');
    expect(jar.headerFor(new URL('https://kf.example.com/pipeline/apis'))).toBe('deep=2; wide=1');
    expect(jar.headerFor(new URL('https://kf.example.com/pipelines'))).toBe('wide=1');
    expect(jar.headerFor(new URL('https://kf.example.com/x/z'))).toBe('sec=3; wide=1');
    expect(jar.headerFor(new URL('http://kf.example.com/x/z'))).toBe('wide=1');
  });

  it('refuses a Domain the host does not belong to', () => {
    const jar = new CookieJar();
    jar.store(['evil=1; Domain=attacker.com'], gateway);
    expect(jar.headerForAll()).toBe('');
  });

  it('replaces a cookie set again and deletes expired ones', () => {
    let now = Date.parse('2024-01-01T00:00:00Z');
    const jar = new CookieJar(() => now);
    jar.store(['session=old; Path=/'], gateway);
    jar.store(['session=new; Path=/; Max-Age=60'], gateway);
    expect(jar.headerForAll()).toBe('session=new');
    now += 61_000;
    expect(jar.headerForAll()).toBe('');
    jar.store(['a=1; Path=/', 'b=2; Path=/'], gateway);
    jar.store(['a=; Path=/; Max-Age=0', 'b=2; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], gateway);
    expect(jar.headerForAll()).toBe('');
  });
});
