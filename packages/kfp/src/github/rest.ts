// GitHub's REST API, as the plugin talks to it: GitHub sources read files
// through it, and the CI helpers (kfp-deploy-base, kfp-plan-comment) read
// workflow runs and write pull-request comments. Tokens travel only in the
// Authorization header and never reach an error message.

import axios from 'axios';
import { registerSecret } from '../utils/redact';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
const TIMEOUT_MS = 30_000;

export interface GithubResponse {
  status: number;
  headers: Record<string, unknown>;
  data: ArrayBuffer;
}

export interface GithubRequest {
  method?: 'GET' | 'POST' | 'PATCH';
  /** Media type to ask for (default: GitHub's JSON). */
  accept?: string;
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
}

/** GitHub could not be reached at all (no HTTP answer). */
export class GithubUnreachableError extends Error {
  override name = 'GithubUnreachableError';
}

/** One request; any HTTP status comes back as a response, only a network failure throws. */
export async function githubRequest(url: string, request: GithubRequest = {}): Promise<GithubResponse> {
  try {
    const response = await axios.request<ArrayBuffer>({
      url,
      method: request.method ?? 'GET',
      headers: {
        Accept: request.accept ?? 'application/vnd.github+json',
        'User-Agent': 'kfp-nx-plugin',
        'X-GitHub-Api-Version': '2022-11-28',
        ...(request.token ? { Authorization: `Bearer ${request.token}` } : {}),
        ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      data: request.body === undefined ? undefined : JSON.stringify(request.body),
      responseType: 'arraybuffer',
      timeout: TIMEOUT_MS,
      validateStatus: () => true,
    });
    return { status: response.status, headers: response.headers as Record<string, unknown>, data: response.data };
  } catch (e) {
    // Never pass the axios error on: its config holds the Authorization header.
    const code = (e as { code?: string }).code ?? 'network error';
    throw new GithubUnreachableError(`cannot reach ${new URL(url).origin} (${code})`);
  }
}

/** The `message` GitHub puts in an error body, if any. */
export function githubMessage(data: ArrayBuffer): string {
  const body = parseJson(data);
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message.slice(0, 200) : '';
}

export function parseJson(data: ArrayBuffer): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A JSON call that GitHub answered with an error status. */
export class GithubApiError extends Error {
  override name = 'GithubApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** JSON calls against one API endpoint with one token, for the CI helpers. */
export interface GithubRest {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
}

/**
 * The workflow run's API endpoint (GITHUB_API_URL, so GitHub Enterprise works)
 * and token (GITHUB_TOKEN, which the workflow sets to the job's token).
 */
export function githubRestFromEnv(env: NodeJS.ProcessEnv): GithubRest {
  const token = env.GITHUB_TOKEN?.trim();
  if (!token) throw new Error('GITHUB_TOKEN is not set; in a workflow, set it to ${{ github.token }} for this step');
  registerSecret(token);
  const api = (env.GITHUB_API_URL?.trim() || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  const call = async <T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> => {
    const response = await githubRequest(`${api}${path}`, { method, token, body });
    if (response.status < 200 || response.status >= 300) {
      const message = githubMessage(response.data);
      throw new GithubApiError(`GitHub answered ${response.status} to ${method} ${path.replace(/\?.*/, '')}${message ? `: ${message}` : ''}`, response.status);
    }
    return parseJson(response.data) as T;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
  };
}
