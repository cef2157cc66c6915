// A loopback server with the shape of the GitHub REST API: commits and
// contents of real local git repositories, the runs of Actions workflows, and
// pull-request comments. It insists on the headers the real API needs: a
// Bearer token and the right Accept types.

import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGithubOptions {
  /** owner/repo -> path of a local git repository. */
  repos?: Record<string, string>;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** URL prefix, e.g. `/api/v3` as on GitHub Enterprise. */
  prefix?: string;
}

/** A run of an Actions workflow, as the runs listing returns it. */
export interface FakeWorkflowRun {
  id: number;
  /** The workflow's file name, e.g. deploy.yaml. */
  workflow: string;
  head_sha: string;
  head_branch: string;
  event: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  html_url: string;
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  html_url: string;
}

export interface FakeGithub {
  apiUrl: string;
  /** Every request as `METHOD path`, in order. */
  requests: string[];
  /** The Authorization header of every request (undefined when it had none), in the same order. */
  authorizations: Array<string | undefined>;
  /** Make every request fail as GitHub does once the rate limit is used up. */
  rateLimited: boolean;
  /** Workflow runs of every repository, newest first (as GitHub lists them). */
  runs: FakeWorkflowRun[];
  /** Issue and pull-request comments of every repository, oldest first. */
  comments: FakeComment[];
  /** Refuse writes as GitHub does for a read-only token (a pull request from a fork). */
  readOnly: boolean;
  close(): Promise<void>;
}

export async function startFakeGithub(options: FakeGithubOptions): Promise<FakeGithub> {
  const prefix = options.prefix ?? '';
  const state = { rateLimited: false, readOnly: false };
  const requests: string[] = [];
  const authorizations: Array<string | undefined> = [];
  const runs: FakeWorkflowRun[] = [];
  const comments: FakeComment[] = [];
  let nextCommentId = 1000;
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    authorizations.push(req.headers.authorization);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        json(res, 500, { message: (e as Error).message });
      }
    });
  });

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
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
    if (!url.pathname.startsWith(prefix)) return json(res, 404, { message: 'Not Found' });
    const path = url.pathname.slice(prefix.length);
    if (/^\/repos\/[^/]+\/[^/]+\/(actions|issues)\//.test(path)) return handleActionsAndIssues(req, res, url, path, body);
    const match = /^\/repos\/([^/]+)\/([^/]+)\/(commits|contents)\/(.+)$/.exec(path);
    const repo = match ? options.repos?.[`${decodeURIComponent(match[1] ?? '')}/${decodeURIComponent(match[2] ?? '')}`] : undefined;
    if (req.method !== 'GET' || !match || !repo) return json(res, 404, { message: 'Not Found' });
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

  function handleActionsAndIssues(req: IncomingMessage, res: ServerResponse, url: URL, path: string, body: string): void {
    if (!(req.headers.accept ?? '').includes('application/vnd.github+json')) return json(res, 415, { message: `Unsupported Accept ${req.headers.accept}` });
    const repository = path.split('/').slice(2, 4).join('/');
    const page = Number(url.searchParams.get('page') ?? '1');
    const perPage = Number(url.searchParams.get('per_page') ?? '30');
    const runsOf = /^\/repos\/[^/]+\/[^/]+\/actions\/workflows\/([^/]+)\/runs$/.exec(path);
    if (runsOf && req.method === 'GET') {
      const workflow = decodeURIComponent(runsOf[1] ?? '');
      const branch = url.searchParams.get('branch');
      const status = url.searchParams.get('status');
      const listed = runs.filter((r) => r.workflow === workflow && (!branch || r.head_branch === branch) && (!status || r.status === status || r.conclusion === status));
      return json(res, 200, { total_count: listed.length, workflow_runs: listed.slice((page - 1) * perPage, page * perPage) });
    }
    const commentsOf = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path);
    const comment = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path);
    if (req.method !== 'GET' && state.readOnly) return json(res, 403, { message: 'Resource not accessible by integration' });
    if (commentsOf && req.method === 'GET') {
      const listed = comments.filter((c) => c.issue === Number(commentsOf[1]));
      return json(res, 200, listed.slice((page - 1) * perPage, page * perPage));
    }
    if (commentsOf && req.method === 'POST') {
      const id = nextCommentId++;
      const created = { id, issue: Number(commentsOf[1]), body: (JSON.parse(body) as { body: string }).body, html_url: `https://github.com/${repository}/pull/${commentsOf[1]}#issuecomment-${id}` };
      comments.push(created);
      return json(res, 201, created);
    }
    const existing = comment ? comments.find((c) => c.id === Number(comment[1])) : undefined;
    if (existing && req.method === 'PATCH') {
      existing.body = (JSON.parse(body) as { body: string }).body;
      return json(res, 200, existing);
    }
    return json(res, 404, { message: 'Not Found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}${prefix}`,
    requests,
    authorizations,
    get rateLimited() {
      return state.rateLimited;
    },
    set rateLimited(value: boolean) {
      state.rateLimited = value;
    },
    runs,
    comments,
    get readOnly() {
      return state.readOnly;
    },
    set readOnly(value: boolean) {
      state.readOnly = value;
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
