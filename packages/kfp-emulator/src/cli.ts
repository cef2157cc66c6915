import { readFileSync } from 'node:fs';
import type { EmulatorOptions, EmulatorUser, FaultRule } from './types';

export const DEMO_USER: EmulatorUser = {
  name: 'user1@example.com',
  password: 'user1',
  tokens: ['user1-token'],
  namespaces: ['team-1'],
};

export const CLI_HELP = `Usage: kfp-emulator [options]

A Kubeflow Pipelines API emulator: the v1beta1 and v2beta1 APIs as deployKF's KFP 2.1 and KFP 2.14+
serve them, over the same rows. APIs at http://HOST:PORT/apis/{v1beta1,v2beta1}/... and
http://HOST:PORT/pipeline/apis/{v1beta1,v2beta1}/...;
test hooks at /_emulator/... (requests, faults, reset, state, advance, run-outcome).

Options:
  --port N               TCP port to listen on (default 8888; 0 = any free port)
  --host HOST            address to bind (default 127.0.0.1)
  --flavor 2.1|2.14      server generation to imitate: 2.1 = grpc-gateway v1 error bodies
                         ({error, code, message, details}), unknown JSON fields ignored;
                         2.14 = gateway v2 bodies ({code, message, details}), unknown fields
                         rejected with 400 (default 2.1)
  --multi-user           require authentication and namespaces, and serve the Dex login flow
                         (GET /pipeline redirects to /dex/auth ...)
  --users FILE           JSON array of users for --multi-user:
                         [{"name", "password"?, "tokens"?: [...], "cookies"?: [...], "namespaces": [...]}]
                         (default: one demo user user1@example.com, password user1,
                         token user1-token, namespace team-1)
  --pending-ms N         how long a new run stays Pending (default 500)
  --running-ms N         how long a run stays Running before it finishes (default 1500)
  --report-ms N          how long after a change the persistence agent reports a recurring
                         run's status (default 1000)
  --userid-header NAME   with --multi-user, also take the caller's identity from this header,
                         as the API server does behind the Kubeflow gateway (e.g. kubeflow-userid)
  --userid-prefix P      prefix the --userid-header value must carry (default none)
  --latency-ms N         delay added to every API request (default 0)
  --fail-rate R          answer this fraction (0..1) of API requests with HTTP 503, chosen by
                         a seeded random generator (repeatable)
  --fail-at KIND:N[,..]  answer the N-th request of a kind with HTTP 503, e.g.
                         --fail-at jobs.create:2,runs.create:1 (kinds: experiments.create,
                         runs.create, jobs.list, jobs.enable, pipelines.upload, healthz, and
                         v2.recurringRuns.create, v2.runs.create, ... for v2beta1)
  --state-file PATH      load state from PATH at start and save it after every change, so the
                         emulator survives a restart
  --help                 show this help and exit

Each request is logged as "METHOD path -> status" (no credentials). Stop with Ctrl-C (SIGINT) or SIGTERM.
`;

export type CliCommand = { help: true } | { help: false; options: EmulatorOptions; port: number };

const FLAGS_WITH_VALUE = new Set([
  '--port', '--host', '--flavor', '--users', '--pending-ms', '--running-ms', '--report-ms', '--latency-ms', '--fail-rate', '--fail-at',
  '--state-file', '--userid-header', '--userid-prefix',
]);

function nonNegativeNumber(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number, got "${text}"`);
  return n;
}

/** Parses the command line into emulator options; throws an Error with a readable message on bad input. */
export function parseCliArgs(argv: readonly string[], readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): CliCommand {
  const values = new Map<string, string>();
  let multiUser = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--multi-user') {
      multiUser = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!FLAGS_WITH_VALUE.has(flag)) throw new Error(`unknown option "${arg}" (see --help)`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    values.set(flag, value);
  }

  const port = values.has('--port') ? nonNegativeNumber('--port', values.get('--port')!) : 8888;
  if (!Number.isInteger(port) || port > 65535) throw new Error(`--port must be an integer 0..65535, got "${values.get('--port')}"`);
  const flavor = values.get('--flavor') ?? '2.1';
  if (flavor !== '2.1' && flavor !== '2.14') throw new Error(`--flavor must be 2.1 or 2.14, got "${flavor}"`);
  if (values.has('--users') && !multiUser) throw new Error('--users only makes sense with --multi-user');

  const options: EmulatorOptions = {
    port,
    host: values.get('--host') ?? '127.0.0.1',
    flavor,
    clock: {
      pendingMs: values.has('--pending-ms') ? nonNegativeNumber('--pending-ms', values.get('--pending-ms')!) : undefined,
      runningMs: values.has('--running-ms') ? nonNegativeNumber('--running-ms', values.get('--running-ms')!) : undefined,
      reportMs: values.has('--report-ms') ? nonNegativeNumber('--report-ms', values.get('--report-ms')!) : undefined,
    },
    latencyMs: values.has('--latency-ms') ? nonNegativeNumber('--latency-ms', values.get('--latency-ms')!) : undefined,
    stateFile: values.get('--state-file'),
  };
  for (const flag of ['--userid-header', '--userid-prefix']) {
    if (values.has(flag) && !multiUser) throw new Error(`${flag} only makes sense with --multi-user`);
  }
  if (values.has('--userid-prefix') && !values.has('--userid-header')) throw new Error('--userid-prefix only makes sense with --userid-header');
  if (multiUser) {
    options.multiUser = { users: values.has('--users') ? readUsers(values.get('--users')!, readFile) : [DEMO_USER] };
    if (values.has('--userid-header')) options.multiUser.userIdHeader = values.get('--userid-header');
    if (values.has('--userid-prefix')) options.multiUser.userIdPrefix = values.get('--userid-prefix');
  }
  return { help: false, options, port };
}

function readUsers(path: string, readFile: (path: string) => string): EmulatorUser[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFile(path));
  } catch (error) {
    throw new Error(`--users ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`--users ${path}: expected a JSON array of users`);
  return parsed as EmulatorUser[];
}

/** Fault rules from --fail-rate and --fail-at. */
export function cliFaultRules(argv: readonly string[]): FaultRule[] {
  const rules: FaultRule[] = [];
  const valueOf = (flag: string): string | undefined => {
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
  };
  const rate = valueOf('--fail-rate');
  if (rate !== undefined) {
    const r = nonNegativeNumber('--fail-rate', rate);
    if (r > 1) throw new Error(`--fail-rate must be between 0 and 1, got "${rate}"`);
    rules.push({ pathPattern: '/apis/', rate: r, status: 503 });
  }
  const at = valueOf('--fail-at');
  if (at !== undefined) {
    for (const item of at.split(',').filter((s) => s.trim() !== '')) {
      const match = /^\s*([A-Za-z0-9_.]+):(\d+)\s*$/.exec(item);
      if (!match || Number(match[2]) < 1) throw new Error(`--fail-at items look like kind:N with N >= 1 (e.g. jobs.create:2), got "${item}"`);
      rules.push({ kind: match[1], at: [Number(match[2])], status: 503 });
    }
  }
  return rules;
}
