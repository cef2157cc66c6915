// A self-hosted Nx remote cache on loopback, as Nx documents one for
// NX_SELF_HOSTED_REMOTE_CACHE_SERVER (its OpenAPI cache specification, Nx 20.8+):
// PUT /v1/cache/{hash} stores a task's artifact (an opaque tarball), GET returns
// it, both behind an optional bearer token. Entries are never overwritten.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RemoteCacheRequest {
  method: string;
  hash: string;
  status: number;
}

export interface RemoteCacheServer {
  /** What NX_SELF_HOSTED_REMOTE_CACHE_SERVER is set to. */
  url: string;
  /** Every cache request, in order. */
  requests: RemoteCacheRequest[];
  /** Hashes of the stored artifacts. */
  hashes(): string[];
  close(): Promise<void>;
}

const CACHE_PATH = /^\/v1\/cache\/([^/?#]+)$/;

export async function startRemoteCacheServer(options: { token?: string } = {}): Promise<RemoteCacheServer> {
  const artifacts = new Map<string, Buffer>();
  const requests: RemoteCacheRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const hash = CACHE_PATH.exec(req.url ?? '')?.[1];
    const reply = (status: number, content?: Buffer | string, type = 'text/plain') => {
      if (hash !== undefined) requests.push({ method: req.method ?? '', hash, status });
      res.writeHead(status, content === undefined ? {} : { 'content-type': type });
      res.end(content);
    };
    if (hash === undefined) return reply(404, 'Not Found');
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      return reply(401, 'Missing or invalid authentication token.');
    }
    if (req.method === 'GET') {
      const artifact = artifacts.get(hash);
      return artifact ? reply(200, artifact, 'application/octet-stream') : reply(404);
    }
    if (req.method === 'PUT') {
      const length = Number(req.headers['content-length']);
      if (!Number.isInteger(length) || length !== body.length) return reply(400, 'Missing or invalid Content-Length header.');
      if (artifacts.has(hash)) return reply(409);
      artifacts.set(hash, body);
      return reply(200);
    }
    return reply(405, 'Method Not Allowed');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    hashes: () => [...artifacts.keys()],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
