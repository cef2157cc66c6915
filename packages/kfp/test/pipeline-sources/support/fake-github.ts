// A loopback server with the shape of the GitHub REST API (commits and
// contents endpoints), serving a real local git repository. It insists on the
// headers the real API needs: a Bearer token and the right Accept types.

import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGithubOptions {
  /** owner/repo -> path of a local git repository. */
  repos: Record<string, string>;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** URL prefix, e.g. `/api/v3` as on GitHub Enterprise. */
  prefix?: string;
}

export interface FakeGithub {
  apiUrl: string;
  /** Every request as `METHOD path`, in order. */
  requests: string[];
  /** Make every request fail as GitHub does once the rate limit is used up. */
  rateLimited: boolean;
  close(): Promise<void>;
}

export async function startFakeGithub(options: FakeGithubOptions): Promise<FakeGithub> {
  const prefix = options.prefix ?? '';
  const state = { rateLimited: false };
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    try {
      handle(req, res);
    } catch (e) {
      json(res, 500, { message: (e as Error).message });
    }
  });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (state.rateLimited) {
      res.setHeader('x-ratelimit-remaining', '0');
      res.setHeader('x-ratelimit-reset', '1700000000');
      return json(res, 403, { message: 'API rate limit exceeded for 127.0.0.1.' });
    }
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      // GitHub hides private repositories from anonymous callers.
      return req.headers.authorization ? json(res, 401, { message: 'Bad credentials' }) : json(res, 404, { message: 'Not Found' });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/repos\/([^/]+)\/([^/]+)\/(commits|contents)\/(.+)$/.exec(url.pathname.slice(prefix.length));
    const repo = match ? options.repos[`${decodeURIComponent(match[1] ?? '')}/${decodeURIComponent(match[2] ?? '')}`] : undefined;
    if (req.method !== 'GET' || !url.pathname.startsWith(prefix) || !match || !repo) return json(res, 404, { message: 'Not Found' });
    const [, , , endpoint, rest = ''] = match;
    const accept = req.headers.accept ?? '';

    if (endpoint === 'commits') {
      if (!accept.includes('application/vnd.github+json')) return json(res, 415, { message: `Unsupported Accept ${accept}` });
      const sha = gitOutput(repo, ['rev-parse', '--verify', '--quiet', `${decodeURIComponent(rest)}^{commit}`]);
      if (!sha) return json(res, 422, { message: `No commit found for SHA: ${decodeURIComponent(rest)}` });
      return json(res, 200, { sha: sha.trim(), commit: { message: 'x' } });
    }

    if (accept !== 'application/vnd.github.raw') return json(res, 415, { message: `Unsupported Accept ${accept}` });
    const ref = url.searchParams.get('ref') ?? 'HEAD';
    const filePath = rest.split('/').map(decodeURIComponent).join('/');
    const type = gitOutput(repo, ['cat-file', '-t', `${ref}:${filePath}`])?.trim();
    if (type === 'tree') {
      const names = (gitOutput(repo, ['ls-tree', '--name-only', `${ref}:${filePath}`]) ?? '').split('\n').filter(Boolean);
      return json(res, 200, names.map((name) => ({ name, path: `${filePath}/${name}` })));
    }
    if (type !== 'blob') return json(res, 404, { message: 'Not Found' });
    const bytes = execFileSync('git', ['-C', repo, 'cat-file', 'blob', `${ref}:${filePath}`]);
    res.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
    res.end(bytes);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}${prefix}`,
    requests,
    get rateLimited() {
      return state.rateLimited;
    },
    set rateLimited(value: boolean) {
      state.rateLimited = value;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function gitOutput(repo: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}
