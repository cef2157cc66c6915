import type { FaultRule } from '../types';
import { seededRandom } from './seeded-random';

export const FAULT_SEED = 20240501;
export const DEFAULT_FAULT_STATUS = 503;

export type FaultAction = { type: 'status'; status: number; rule: number } | { type: 'reset'; rule: number };

export interface FaultDecision {
  latencyMs: number;
  action?: FaultAction;
}

interface ActiveRule {
  rule: FaultRule;
  pattern?: RegExp;
  matched: number;
  fired: number;
}

export function validateFaultRules(rules: unknown): FaultRule[] {
  if (!Array.isArray(rules)) throw new Error('fault rules must be a JSON array of FaultRule objects');
  return rules.map((raw, i) => {
    const where = `fault rule [${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where} must be an object`);
    const r = raw as Record<string, unknown>;
    const known = ['kind', 'method', 'pathPattern', 'status', 'reset', 'at', 'rate', 'times', 'latencyMs'];
    for (const key of Object.keys(r)) if (!known.includes(key)) throw new Error(`${where}: unknown field "${key}"`);
    for (const key of ['kind', 'method', 'pathPattern'] as const) {
      if (r[key] !== undefined && typeof r[key] !== 'string') throw new Error(`${where}.${key} must be a string`);
    }
    if (r.status !== undefined && (!Number.isInteger(r.status) || (r.status as number) < 100 || (r.status as number) > 599)) {
      throw new Error(`${where}.status must be an HTTP status code (100-599)`);
    }
    if (r.reset !== undefined && typeof r.reset !== 'boolean') throw new Error(`${where}.reset must be true or false`);
    if (r.at !== undefined && (!Array.isArray(r.at) || !r.at.every((n) => Number.isInteger(n) && n >= 1))) {
      throw new Error(`${where}.at must be a list of positive integers (1-based)`);
    }
    if (r.rate !== undefined && (typeof r.rate !== 'number' || r.rate < 0 || r.rate > 1)) throw new Error(`${where}.rate must be between 0 and 1`);
    for (const key of ['times', 'latencyMs'] as const) {
      if (r[key] !== undefined && (!Number.isInteger(r[key]) || (r[key] as number) < 0)) throw new Error(`${where}.${key} must be a non-negative integer`);
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

  inject(rules: FaultRule[]): void {
    for (const rule of validateFaultRules(rules)) {
      this.rules.push({ rule, pattern: rule.pathPattern ? new RegExp(rule.pathPattern) : undefined, matched: 0, fired: 0 });
    }
  }

  clear(): void {
    this.rules = [];
    this.random = seededRandom(FAULT_SEED);
  }

  decide(request: { kind: string; method: string; path: string }): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    this.rules.forEach((active, index) => {
      const { rule } = active;
      if (rule.kind !== undefined && rule.kind !== request.kind) return;
      if (rule.method !== undefined && rule.method.toUpperCase() !== request.method) return;
      if (active.pattern && !active.pattern.test(request.path)) return;
      active.matched += 1;
      if (rule.times !== undefined && active.fired >= rule.times) return;
      if (rule.at !== undefined && !rule.at.includes(active.matched)) return;
      if (rule.rate !== undefined && !(this.random() < rule.rate)) return;
      const failing = rule.reset === true || rule.status !== undefined || rule.latencyMs === undefined;
      if (failing && decision.action) return;
      active.fired += 1;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (rule.reset) decision.action = { type: 'reset', rule: index };
      else if (failing) decision.action = { type: 'status', status: rule.status ?? DEFAULT_FAULT_STATUS, rule: index };
    });
    return decision;
  }
}
