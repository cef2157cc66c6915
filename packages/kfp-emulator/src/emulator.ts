import { randomUUID } from 'node:crypto';
import { DexGateway } from './auth/dex';
import type { UserIdHeader } from './auth/identity';
import { advanceCluster } from './clock/advance-cluster';
import { EmulatorClock } from './clock/clock';
import { DEFAULT_TIMING, type ClusterTiming } from './clock/timing';
import { FaultInjector } from './faults/fault-injector';
import { REQUEST_KINDS } from './http/routes';
import { loadStateFile, saveStateFile } from './persistence/state-file';
import type { ServiceContext } from './resources/context';
import { ensureDefaultExperiment } from './resources/experiments';
import { emptyState, type EmulatorState } from './state/state';
import type { EmulatorOptions, EmulatorUser, Flavor, RecordedRequest, RunOutcomeRule } from './types';
import type { DecodeOptions } from './wire/message-schema';

const MAX_RECORDED_REQUESTS = 10000;

/** The emulated server's state and behaviour, independent of HTTP. */
export class Emulator implements ServiceContext {
  state: EmulatorState;
  readonly flavor: Flavor;
  readonly multiUser: boolean;
  readonly users: readonly EmulatorUser[];
  readonly userIdHeader?: UserIdHeader;
  readonly decodeOptions: DecodeOptions;
  readonly clock: EmulatorClock;
  readonly timing: ClusterTiming;
  readonly faults = new FaultInjector(REQUEST_KINDS);
  readonly dex: DexGateway;
  readonly latencyMs: number;
  readonly log: (line: string) => void;
  private readonly stateFile?: string;
  private outcomeRules: RunOutcomeRule[] = [];
  private recorded: RecordedRequest[] = [];
  private requestSeq = 0;

  constructor(options: EmulatorOptions) {
    this.flavor = options.flavor ?? '2.1';
    this.multiUser = options.multiUser ? true : false;
    this.users = options.multiUser ? options.multiUser.users : [];
    if (options.multiUser && options.multiUser.userIdHeader) {
      this.userIdHeader = { name: options.multiUser.userIdHeader, prefix: options.multiUser.userIdPrefix ?? '' };
    }
    this.decodeOptions = { rejectUnknownFields: this.flavor === '2.14' };
    const custom = options.clock === 'manual' ? { manual: true } : (options.clock ?? {});
    const startAt = custom.startAt === undefined ? undefined : new Date(custom.startAt).getTime();
    this.clock = new EmulatorClock(custom.manual ? 'manual' : 'wall', startAt);
    this.timing = {
      pendingMs: custom.pendingMs ?? DEFAULT_TIMING.pendingMs,
      runningMs: custom.runningMs ?? DEFAULT_TIMING.runningMs,
      reportMs: custom.reportMs ?? DEFAULT_TIMING.reportMs,
    };
    this.latencyMs = options.latencyMs ?? 0;
    this.log = options.log ?? (() => undefined);
    this.stateFile = options.stateFile;
    this.dex = new DexGateway(() => this.users);
    this.state = (this.stateFile && loadStateFile(this.stateFile)) || this.initialState();
  }

  now(): number {
    return this.clock.now();
  }

  nextSeq(): number {
    this.state.seq += 1;
    return this.state.seq;
  }

  newId(): string {
    return randomUUID();
  }

  private initialState(): EmulatorState {
    this.state = { ...emptyState(), simulatedUntilMs: this.now() };
    if (!this.multiUser) ensureDefaultExperiment(this);
    return this.state;
  }

  /** Brings runs, schedules and status reports up to the current emulated time; saves if anything moved. */
  tick(): void {
    if (advanceCluster(this, this.outcomeRules, this.now())) this.persist();
  }

  persist(): void {
    if (this.stateFile) saveStateFile(this.stateFile, this.state);
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    this.tick();
  }

  setRunOutcome(rule: RunOutcomeRule): void {
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) throw new Error('setRunOutcome needs an object {runNamePattern, outcome}');
    const unknown = Object.keys(rule).filter((key) => key !== 'runNamePattern' && key !== 'outcome');
    if (unknown.length > 0) throw new Error(`setRunOutcome: unknown field "${unknown[0]}" (fields: runNamePattern, outcome)`);
    if (typeof rule.runNamePattern !== 'string') throw new Error('setRunOutcome: runNamePattern must be a string (a regular expression)');
    if (rule.outcome !== 'Succeeded' && rule.outcome !== 'Failed') {
      throw new Error(`setRunOutcome: outcome must be "Succeeded" or "Failed", got ${JSON.stringify(rule.outcome)}`);
    }
    try {
      new RegExp(rule.runNamePattern);
    } catch (error) {
      throw new Error(`setRunOutcome: runNamePattern is not a valid regular expression: ${(error as Error).message}`);
    }
    this.outcomeRules.push({ runNamePattern: rule.runNamePattern, outcome: rule.outcome });
  }

  /** Empty state and the real time again; fault and run-outcome rules stay. */
  reset(): void {
    this.clock.reset();
    this.initialState();
    this.persist();
  }

  dump(): EmulatorState {
    this.tick();
    return structuredClone(this.state);
  }

  record(entry: Omit<RecordedRequest, 'seq'>): RecordedRequest {
    this.requestSeq += 1;
    const { identity, ...rest } = entry;
    const recorded: RecordedRequest = { seq: this.requestSeq, ...rest, ...(identity === undefined ? {} : { identity }) };
    this.recorded.push(recorded);
    if (this.recorded.length > MAX_RECORDED_REQUESTS) this.recorded.shift();
    return recorded;
  }

  requests(): RecordedRequest[] {
    return this.recorded.map((r) => ({ ...r }));
  }

  clearRequests(): void {
    this.recorded = [];
  }
}
