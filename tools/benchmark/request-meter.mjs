// A loopback proxy in front of the emulator that sees every request a client
// makes: how many, when the first arrived, and how many were in flight at once
// (what a reconcile's bounded parallelism actually achieves), overall and from
// its first write on (the apply phase; reads before it may overlap).
import { Agent, createServer, request } from 'node:http';

export async function startRequestMeter(targetUrl) {
  const target = new URL(targetUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const stats = fresh();
  const server = createServer((req, res) => {
    const now = performance.now();
    stats.requests += 1;
    stats.firstAt ??= now;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    if (req.method !== 'GET') stats.firstWriteAt ??= now;
    if (stats.firstWriteAt !== undefined) stats.maxInFlightApplying = Math.max(stats.maxInFlightApplying, stats.inFlight);
    // Done when the answer has been read from the emulator, which is before the client can have
    // read it all and sent its next request (so one-at-a-time clients never count as two).
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      stats.inFlight -= 1;
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
  return { requests: 0, inFlight: 0, maxInFlight: 0, maxInFlightApplying: 0, firstAt: undefined, firstWriteAt: undefined, lastAt: undefined };
}
