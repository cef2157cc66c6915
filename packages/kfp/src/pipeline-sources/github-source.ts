// GitHub sources, as the reference reads them (§3.9): the ref is resolved to a
// commit through the REST API on every run, then the file is read at that
// commit and cached by SHA. Works for GitHub Enterprise through github_api_url.

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_GITHUB_API_URL, githubMessage, githubRequest, GithubUnreachableError, parseJson, type GithubResponse } from '../github/rest';
import { decodeText, SIZE_LIMITS } from '../files/read-text-file';
import { describeSource } from './display-name';
import { SourceError, type ResolveContext, type ResolvedFile, type ResolveOptions } from './resolve-context';
import type { GithubSourceRef } from './source-ref';

const FULL_SHA = /^[0-9a-f]{40}$/i;

export async function readGithubFile(ref: GithubSourceRef, ctx: ResolveContext, options: ResolveOptions = {}): Promise<ResolvedFile> {
  const where = describeSource(ref);
  const api = (ref.apiUrl ?? nonEmpty(ctx.env.GITHUB_API_URL) ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  const { token, warning } = tokenFor(api, ctx.env);
  const warnings = warning ? { warnings: [warning] } : {};
  const maxBytes = options.maxBytes ?? SIZE_LIMITS.parameter;
  const text = (bytes: Buffer, shown: string) => {
    if (bytes.length > maxBytes) throw new SourceError(`${shown} is ${bytes.length} bytes, above the limit of ${maxBytes} bytes for this kind of file`);
    try {
      return decodeText(bytes, shown);
    } catch (e) {
      throw new SourceError((e as Error).message);
    }
  };
  const repoUrl = `${api}/repos/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}`;
  const filePath = ref.path.replace(/^\.\/+/, '').replace(/\/+$/, '');

  // A full SHA pins the file: once cached, no request is needed at all.
  const sha = FULL_SHA.test(ref.ref) ? ref.ref.toLowerCase() : await resolveCommit(repoUrl, ref, token, where);
  const cacheFile = path.join(ctx.cacheDir, 'github', cacheKey(api), safeSegment(ref.owner), safeSegment(ref.repo), sha, ...filePath.split('/').map(safeSegment));
  const inFolder = options.folderFiles ?? [];
  for (const suffix of ['', ...inFolder.map((name) => `/${name}`)]) {
    const cached = await fs.readFile(`${cacheFile}${suffix}`).catch(() => undefined);
    if (cached !== undefined) return { content: text(cached, `${where}${suffix}`), displayName: `${where}${suffix}`, revision: sha, ...warnings };
  }

  const file = await getContents(repoUrl, filePath, sha, token, where);
  if (file.kind === 'file') {
    const content = text(file.bytes, where);
    await writeAtomically(cacheFile, file.bytes);
    return { content, displayName: where, revision: sha, ...warnings };
  }
  if (inFolder.length === 0) throw new SourceError(`${where}: ${filePath} is a folder at commit ${sha.slice(0, 12)}, not a file`);
  for (const name of inFolder) {
    // A folder holds one of the rendered files: a 404 for one is a look for the next.
    const inner = await getContents(repoUrl, `${filePath}/${name}`, sha, token, where).catch((error: unknown) => {
      if (error instanceof SourceError && / does not exist at commit /.test(error.message)) return undefined;
      throw error;
    });
    if (!inner) continue;
    if (inner.kind !== 'file') throw new SourceError(`${where}: ${filePath}/${name} is not a file`);
    const content = text(inner.bytes, `${where}/${name}`);
    await writeAtomically(path.join(cacheFile, name), inner.bytes);
    return { content, displayName: `${where}/${name}`, revision: sha, ...warnings };
  }
  throw new SourceError(`${where}: ${filePath} is a folder without ${inFolder.join(' or ')} at commit ${sha.slice(0, 12)}`);
}

async function resolveCommit(repoUrl: string, ref: GithubSourceRef, token: string | undefined, where: string): Promise<string> {
  const response = await get(`${repoUrl}/commits/${encodeURIComponent(ref.ref)}`, 'application/vnd.github+json', token, where);
  if (response.status === 404 || response.status === 422) {
    throw new SourceError(`${where}: GitHub found no commit for git_reference ${JSON.stringify(ref.ref)} in ${ref.owner}/${ref.repo}${privateRepoHint(token)}`);
  }
  ensureOk(response, where, token);
  const body = parseJson(response.data);
  const sha = typeof body === 'object' && body !== null ? (body as { sha?: unknown }).sha : undefined;
  if (typeof sha !== 'string' || !FULL_SHA.test(sha)) throw new SourceError(`${where}: GitHub's commit response has no commit SHA`);
  return sha.toLowerCase();
}

type Contents = { kind: 'file'; bytes: Buffer } | { kind: 'folder' };

async function getContents(repoUrl: string, filePath: string, sha: string, token: string | undefined, where: string): Promise<Contents> {
  const encodedPath = filePath.split('/').map(encodeURIComponent).join('/');
  const response = await get(`${repoUrl}/contents/${encodedPath}?ref=${sha}`, 'application/vnd.github.raw', token, where);
  if (response.status === 404) {
    throw new SourceError(`${where}: ${filePath} does not exist at commit ${sha.slice(0, 12)}${privateRepoHint(token)}`);
  }
  ensureOk(response, where, token);
  // With the raw media type a file comes back as its bytes; a folder as a JSON listing.
  const type = String(response.headers['content-type'] ?? '');
  if (type.startsWith('application/json') && Array.isArray(parseJson(response.data))) return { kind: 'folder' };
  return { kind: 'file', bytes: Buffer.from(response.data) };
}

async function get(url: string, accept: string, token: string | undefined, where: string): Promise<GithubResponse> {
  try {
    return await githubRequest(url, { accept, token });
  } catch (e) {
    if (e instanceof GithubUnreachableError) throw new SourceError(`${where}: ${e.message}`);
    throw e;
  }
}

function ensureOk(response: GithubResponse, where: string, token: string | undefined): void {
  const { status } = response;
  if (status >= 200 && status < 300) return;
  const message = githubMessage(response.data);
  const remaining = response.headers['x-ratelimit-remaining'];
  if ((status === 403 || status === 429) && (String(remaining) === '0' || /rate limit/i.test(message))) {
    const reset = Number(response.headers['x-ratelimit-reset']);
    const when = Number.isFinite(reset) && reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : '';
    const advice = token ? 'wait, or use a token with a higher limit' : 'set GITHUB_TOKEN to get a much higher limit';
    throw new SourceError(`${where}: GitHub API rate limit exceeded${when}; ${advice}`);
  }
  if (status === 401) throw new SourceError(`${where}: GitHub rejected the credentials (401 ${message || 'Bad credentials'}): GITHUB_TOKEN is invalid or expired`);
  if (status === 403) throw new SourceError(`${where}: GitHub denied access (403${message ? ` ${message}` : ''})${token ? '; check the token can read this repository' : privateRepoHint(token)}`);
  throw new SourceError(`${where}: GitHub answered ${status}${message ? ` ${message}` : ''}`);
}

function privateRepoHint(token: string | undefined): string {
  return token ? ' (or the token cannot read the repository)' : '; if the repository is private, set GITHUB_TOKEN';
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** One cache folder per API host (github.com and each GitHub Enterprise). */
function cacheKey(api: string): string {
  const url = new URL(api);
  return safeSegment(`${url.host}${url.pathname}`.replace(/\/+$/, ''));
}

function safeSegment(segment: string): string {
  const cleaned = segment.replace(/[^A-Za-z0-9._-]/g, '_');
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? `_${cleaned}` : cleaned;
}

async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, file);
}

/**
 * GITHUB_TOKEN is the user's (or CI's) credential for the GitHub of
 * GITHUB_API_URL: it is sent only to that host (default the public GitHub
 * API), and only over https (plain http only to this machine's loopback, where
 * it never crosses a network). A team file that names another API host gets no
 * token, so a team file cannot send it anywhere.
 */
export function tokenFor(api: string, env: Readonly<Record<string, string | undefined>>): { token?: string; warning?: string } {
  const token = nonEmpty(env.GITHUB_TOKEN);
  if (!token) return {};
  const trusted = parseUrl(nonEmpty(env.GITHUB_API_URL) ?? DEFAULT_GITHUB_API_URL);
  const target = parseUrl(api);
  const secure = (url: URL | undefined) => url?.protocol === 'https:' || (url?.protocol === 'http:' && isLoopback(url.hostname));
  if (secure(trusted) && secure(target) && target?.host === trusted?.host) return { token };
  const why = !secure(target) ? `${api} is not https` : `${target?.host} is not the host of GITHUB_API_URL (${trusted?.host ?? 'unset'})`;
  return { warning: `GITHUB_TOKEN is not sent to ${api}: ${why}; the file is read without credentials` };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function parseUrl(url: string): URL | undefined {
  return URL.canParse(url) ? new URL(url) : undefined;
}
