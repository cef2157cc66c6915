import type { EmulatorState } from './state/state';

export type Flavor = '2.1' | '2.14';

export interface EmulatorUser {
  name: string;
  password?: string;
  tokens?: string[];
  /** Cookie strings ("name=value") that authenticate this user without a Dex login. */
  cookies?: string[];
  namespaces: string[];
}

export interface EmulatorOptions {
  /** 0 (default) = ephemeral. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Error body format + unknown-field policy; default '2.1'. */
  flavor?: Flavor;
  /** Default false (single-user, no auth). */
  multiUser?: false | { users: EmulatorUser[] };
  /** Run lifecycle timing; defaults 500 / 1500 ms. 'manual' = time moves only with advance(). */
  clock?: { pendingMs?: number; runningMs?: number } | 'manual';
  /** Optional JSON persistence (load at start, save after each mutation). */
  stateFile?: string;
  /** Injected latency on every API request. */
  latencyMs?: number;
  /** Optional human log sink (the CLI prints it). */
  log?: (line: string) => void;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  query: string;
  status: number;
  kind: string;
  identity?: string;
}

export interface FaultRule {
  kind?: string;
  method?: string;
  /** Regular expression tested against the request path (without the query string). */
  pathPattern?: string;
  status?: number;
  reset?: boolean;
  /** 1-based positions among the requests this rule matches (counted from when the rule was injected). */
  at?: number[];
  /** Probability 0..1, drawn from a seeded RNG so runs are repeatable. */
  rate?: number;
  /** Maximum number of times the rule fires. */
  times?: number;
  latencyMs?: number;
}

export interface RunOutcomeRule {
  runNamePattern: string;
  outcome: 'Succeeded' | 'Failed';
}

export interface RunningEmulator {
  url: string;
  port: number;
  requests(): RecordedRequest[];
  clearRequests(): void;
  injectFaults(rules: FaultRule[]): void;
  clearFaults(): void;
  advance(ms: number): void;
  setRunOutcome(rule: RunOutcomeRule): void;
  reset(): void;
  dump(): EmulatorState;
  close(): Promise<void>;
}

export type { EmulatorState };
