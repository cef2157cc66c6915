// A loopback proxy in front of the emulator that sees every request a client
// makes: how many, when the first (and the first write) arrived, and how many
// were in flight at once: all requests, and writes alone (what a reconcile's
// bounded parallelism bounds; its reads, such as the two listings, may overlap).
import { Agent, createServer, request } from 'node:http';

export async function startRequestMeter(targetUrl) {
  const target = new URL(targetUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const stats = fresh();
  const server = createServer((req, res) => {
    const now = performance.now();
    const write = req.method !== 'GET';
    stats.requests += 1;
    stats.firstAt ??= now;
    if (write) stats.firstWriteAt ??= now;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    if (write) {
      stats.writesInFlight += 1;
      stats.maxWritesInFlight = Math.max(stats.maxWritesInFlight, stats.writesInFlight);
    }
    // Done when the answer has been read from the emulator, which is before the client can have
    // read it all and sent its next request (so one-at-a-time clients never count as two).
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      stats.inFlight -= 1;
      if (write) stats.writesInFlight -= 1;
      stats.lastAt = performance.now();
    };
    res.on('close', finish);
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on('end', finish);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats: () => ({ ...stats }),
    reset: () => Object.assign(stats, fresh()),
    close: () =>
      new Promise((resolvePromise) => {
        agent.destroy();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

function fresh() {
  return { requests: 0, inFlight: 0, maxInFlight: 0, writesInFlight: 0, maxWritesInFlight: 0, firstAt: undefined, firstWriteAt: undefined, lastAt: undefined };
}
