import type { AuthProvider } from '../kfp-client/auth-provider';
import { dexLogin, type DexLoginOptions } from './dex-login';

/**
 * Session cookies from a Dex login. Logs in on first use, and once more if
 * the gateway later rejects the session (expired cookie); a second rejection
 * is reported rather than retried in a loop.
 */
export class DexAuth implements AuthProvider {
  readonly identity: string;
  private cookie?: Promise<string>;
  private reloggedIn = false;

  constructor(private readonly options: DexLoginOptions) {
    this.identity = `${options.username} via Dex (${options.connector} connector)`;
  }

  /** Logs in now (so a wrong password fails before any API call). */
  async login(): Promise<void> {
    await this.session();
  }

  async headers(): Promise<Record<string, string>> {
    const cookie = await this.session();
    return cookie ? { Cookie: cookie } : {};
  }

  async refresh(): Promise<boolean> {
    if (this.reloggedIn) return false;
    this.reloggedIn = true;
    this.cookie = undefined;
    await this.session();
    return true;
  }

  /** Concurrent requests share one login. */
  private session(): Promise<string> {
    if (!this.cookie) {
      const attempt = dexLogin(this.options);
      // A failed login is not cached: the next request tries again.
      attempt.catch(() => {
        if (this.cookie === attempt) this.cookie = undefined;
      });
      this.cookie = attempt;
    }
    return this.cookie;
  }
}
