import type { FaultRule } from '../types';
import { seededRandom } from './seeded-random';

export const FAULT_SEED = 20240501;
export const DEFAULT_FAULT_STATUS = 503;

export type FaultAction = { type: 'status'; status: number; rule: number; retryAfterSeconds?: number } | { type: 'reset'; rule: number };

export interface FaultDecision {
  /** Wait before handling the request. */
  latencyMs: number;
  /** Wait after handling (and committing) it, before answering. */
  replyDelayMs: number;
  action?: FaultAction;
}

/** The longest delay a rule may ask for: ten minutes. */
export const MAX_FAULT_DELAY_MS = 600_000;

interface ActiveRule {
  rule: FaultRule;
  pattern?: RegExp;
  matched: number;
  fired: number;
}

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Checks rules field by field, naming the rule and field at fault; `knownKinds` catches a misspelt kind that would never match. */
export function validateFaultRules(rules: unknown, knownKinds?: ReadonlySet<string>): FaultRule[] {
  if (!Array.isArray(rules)) throw new Error('fault rules must be a JSON array of FaultRule objects');
  return rules.map((raw, i) => {
    const where = `fault rule [${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where} must be an object`);
    const r = raw as Record<string, unknown>;
    const known = ['kind', 'method', 'pathPattern', 'status', 'reset', 'at', 'rate', 'times', 'latencyMs', 'replyDelayMs', 'retryAfterSeconds'];
    for (const key of Object.keys(r)) if (!known.includes(key)) throw new Error(`${where}: unknown field "${key}"`);
    for (const key of ['kind', 'method', 'pathPattern'] as const) {
      if (r[key] !== undefined && typeof r[key] !== 'string') throw new Error(`${where}.${key} must be a string`);
    }
    if (typeof r.kind === 'string' && knownKinds && !knownKinds.has(r.kind)) {
      throw new Error(`${where}.kind ${JSON.stringify(r.kind)} is not a request kind (e.g. ${[...knownKinds].slice(0, 4).join(', ')}; see the README)`);
    }
    if (typeof r.method === 'string' && !HTTP_METHODS.has(r.method.toUpperCase())) throw new Error(`${where}.method must be an HTTP method, got ${JSON.stringify(r.method)}`);
    if (r.status !== undefined && (!Number.isInteger(r.status) || (r.status as number) < 100 || (r.status as number) > 599)) {
      throw new Error(`${where}.status must be an HTTP status code (100-599)`);
    }
    if (r.reset !== undefined && typeof r.reset !== 'boolean') throw new Error(`${where}.reset must be true or false`);
    if (r.at !== undefined && (!Array.isArray(r.at) || r.at.length === 0 || !r.at.every((n) => Number.isInteger(n) && n >= 1))) {
      throw new Error(`${where}.at must be a list of positive integers (1-based)`);
    }
    if (r.rate !== undefined && (typeof r.rate !== 'number' || !(r.rate >= 0 && r.rate <= 1))) throw new Error(`${where}.rate must be between 0 and 1`);
    for (const key of ['times', 'latencyMs', 'replyDelayMs', 'retryAfterSeconds'] as const) {
      if (r[key] !== undefined && (!Number.isInteger(r[key]) || (r[key] as number) < 0)) throw new Error(`${where}.${key} must be a non-negative integer`);
    }
    for (const key of ['latencyMs', 'replyDelayMs'] as const) {
      if ((r[key] as number | undefined) !== undefined && (r[key] as number) > MAX_FAULT_DELAY_MS) {
        throw new Error(`${where}.${key} must be at most ${MAX_FAULT_DELAY_MS} (ten minutes)`);
      }
    }
    if (r.reset === true && r.status !== undefined) throw new Error(`${where}: set either reset or status, not both`);
    if (r.reset === true && r.replyDelayMs !== undefined) throw new Error(`${where}: a reset has no reply to delay`);
    if (r.retryAfterSeconds !== undefined && (r.reset === true || (r.latencyMs !== undefined && r.status === undefined))) {
      throw new Error(`${where}: retryAfterSeconds goes with an answered fault (status)`);
    }
    if (typeof r.pathPattern === 'string') {
      try {
        new RegExp(r.pathPattern);
      } catch (error) {
        throw new Error(`${where}.pathPattern is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    return r as FaultRule;
  });
}

/**
 * Decides, per request, whether an injected fault fires. Each rule counts the requests it
 * matches (1-based, from when it was injected), so `at: [2]` means "the second matching
 * request". The first rule that fires with a status or reset decides the answer; latency of
 * every firing rule adds up.
 */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private random = seededRandom(FAULT_SEED);

  constructor(private readonly knownKinds?: ReadonlySet<string>) {}

  /** Adds rules after checking all of them; a bad rule adds none. */
  inject(rules: FaultRule[]): void {
    for (const rule of validateFaultRules(rules, this.knownKinds)) {
      this.rules.push({ rule, pattern: rule.pathPattern ? new RegExp(rule.pathPattern) : undefined, matched: 0, fired: 0 });
    }
  }

  clear(): void {
    this.rules = [];
    this.random = seededRandom(FAULT_SEED);
  }

  decide(request: { kind: string; method: string; path: string }): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, replyDelayMs: 0 };
    this.rules.forEach((active, index) => {
      const { rule } = active;
      if (rule.kind !== undefined && rule.kind !== request.kind) return;
      if (rule.method !== undefined && rule.method.toUpperCase() !== request.method) return;
      if (active.pattern && !active.pattern.test(request.path)) return;
      active.matched += 1;
      if (rule.times !== undefined && active.fired >= rule.times) return;
      if (rule.at !== undefined && !rule.at.includes(active.matched)) return;
      if (rule.rate !== undefined && !(this.random() < rule.rate)) return;
      const failing = rule.reset === true || rule.status !== undefined || (rule.latencyMs === undefined && rule.replyDelayMs === undefined);
      if (failing && decision.action) return;
      active.fired += 1;
      decision.latencyMs += rule.latencyMs ?? 0;
      decision.replyDelayMs += rule.replyDelayMs ?? 0;
      if (rule.reset) decision.action = { type: 'reset', rule: index };
      else if (failing) {
        decision.action = { type: 'status', status: rule.status ?? DEFAULT_FAULT_STATUS, rule: index, ...(rule.retryAfterSeconds !== undefined ? { retryAfterSeconds: rule.retryAfterSeconds } : {}) };
      }
    });
    return decision;
  }
}
