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

export interface MultiUserOptions {
  users: EmulatorUser[];
  /**
   * Also take the caller's identity from this request header, as the API server does behind the
   * Kubeflow gateway (KUBEFLOW_USERID_HEADER; deployKF uses `kubeflow-userid`). Off by default: bearer
   * tokens and cookies are the emulator's front door.
   */
  userIdHeader?: string;
  /** Prefix the header value must carry (KUBEFLOW_USERID_PREFIX; deployKF uses none). Default ''. */
  userIdPrefix?: string;
}

export interface ClockOptions {
  pendingMs?: number;
  runningMs?: number;
  reportMs?: number;
  /** Time moves only with advance() (like 'manual'). */
  manual?: boolean;
  /** With `manual`: the emulated time to start at (and return to on reset), instead of the real time. */
  startAt?: Date | string;
}

export interface EmulatorOptions {
  /** 0 (default) = ephemeral. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Error body format + unknown-field policy; default '2.1'. */
  flavor?: Flavor;
  /** Default false (single-user, no auth). */
  multiUser?: false | MultiUserOptions;
  /**
   * Cluster timing (defaults: runs Pending 500 ms, Running 1500 ms; the persistence agent reports a job's
   * status 1000 ms after a change). 'manual' = those defaults, and time moves only with advance().
   */
  clock?: ClockOptions | 'manual';
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
  /** Delay before the request is handled ("delay, then commit"): the change happens even if the client gave up. */
  latencyMs?: number;
  /** Delay after the request was handled and committed, before the answer is sent ("commit, then delay"). */
  replyDelayMs?: number;
  /** With `status`: a Retry-After header of this many seconds (as a gateway or a rate limiter sends with 429 or 503). */
  retryAfterSeconds?: number;
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
