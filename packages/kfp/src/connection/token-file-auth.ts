import { readFile, stat } from 'node:fs/promises';
import type { AuthProvider } from '../kfp-client/auth-provider';
import { registerSecret } from '../utils/redact';
import { ConnectionConfigError } from './types';

interface CachedToken {
  /** mtime, ctime, size and inode: a projected token is swapped by a symlink rename, which changes them. */
  fingerprint: string;
  token: string;
}

/**
 * A bearer token read from a file and re-read whenever the file changes:
 * projected service-account tokens rotate while a long reconcile runs.
 */
export class TokenFileAuth implements AuthProvider {
  readonly identity: string;
  private cached?: CachedToken;

  constructor(private readonly path: string) {
    this.identity = `token from ${path}`;
  }

  async headers(): Promise<Record<string, string>> {
    return { Authorization: `Bearer ${await this.token()}` };
  }

  /** After a 401 the file may have been rotated in the same instant; read it again. */
  async refresh(): Promise<boolean> {
    const before = this.cached?.token;
    this.cached = undefined;
    return (await this.token()) !== before;
  }

  async token(): Promise<string> {
    const fingerprint = await this.fingerprint();
    if (this.cached?.fingerprint === fingerprint) return this.cached.token;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (cause) {
      throw new ConnectionConfigError(`cannot read the KFP token file ${this.path}: ${describeFsError(cause)}`, { cause });
    }
    const token = text.trim();
    if (!token) throw new ConnectionConfigError(`the KFP token file ${this.path} is empty`);
    registerSecret(token);
    this.cached = { fingerprint, token };
    return token;
  }

  private async fingerprint(): Promise<string> {
    try {
      const info = await stat(this.path);
      return `${info.mtimeMs}:${info.ctimeMs}:${info.size}:${info.ino}`;
    } catch (cause) {
      throw new ConnectionConfigError(`cannot read the KFP token file ${this.path}: ${describeFsError(cause)}`, { cause });
    }
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EACCES') return 'permission denied';
  return typeof code === 'string' ? code : 'unknown error';
}
