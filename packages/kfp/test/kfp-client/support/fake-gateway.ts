import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export type Responder = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A scripted stand-in for what sits in front of KFP (oauth2-proxy, Istio,
 * a load balancer): answers the way those do, which the KFP emulator does not
 * imitate (login redirects, HTML pages, plain-text denials, Retry-After).
 */
export class FakeGateway {
  readonly seen: SeenRequest[] = [];
  private responder: Responder = (_req, res) => res.writeHead(500).end();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(tls?: { key: string; cert: string }): Promise<FakeGateway> {
    // Requests only arrive once the server listens, after `gateway` is set below.
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        gateway.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
        gateway.responder(req, res);
      });
    };
    const server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const gateway = new FakeGateway(server, `${tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    return gateway;
  }

  /** Answers with each responder in turn, repeating the last one. */
  script(...responders: Responder[]): void {
    this.seen.length = 0;
    let next = 0;
    this.responder = (req, res) => {
      const responder = responders[Math.min(next, responders.length - 1)];
      next += 1;
      responder?.(req, res);
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Responder =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };

export const text =
  (status: number, body: string, contentType = 'text/plain', headers: Record<string, string> = {}): Responder =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': contentType, ...headers }).end(body);
  };
