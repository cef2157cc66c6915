import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Emulator } from './emulator';
import { createRequestHandler } from './http/request-handler';
import { validateOptions } from './options';
import type { EmulatorOptions, RunningEmulator } from './types';

export type {
  ClockOptions,
  EmulatorOptions,
  EmulatorState,
  EmulatorUser,
  FaultRule,
  Flavor,
  MultiUserOptions,
  RecordedRequest,
  RunOutcomeRule,
  RunningEmulator,
} from './types';
export { parseCron, type CronParseResult, type CronSchedule } from './cron/robfig-cron';

/** Starts a KFP API emulator (v1beta1 and v2beta1) listening on loopback (by default an ephemeral port). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  validateOptions(options);
  const emulator = new Emulator(options);
  const handler = createRequestHandler(emulator);
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      emulator.log(`unhandled error: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests: () => emulator.requests(),
    clearRequests: () => emulator.clearRequests(),
    injectFaults: (rules) => emulator.faults.inject(rules),
    clearFaults: () => emulator.faults.clear(),
    advance: (ms) => emulator.advance(ms),
    setRunOutcome: (rule) => emulator.setRunOutcome(rule),
    reset: () => emulator.reset(),
    dump: () => emulator.dump(),
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
