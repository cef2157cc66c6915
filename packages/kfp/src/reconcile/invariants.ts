import type { Job } from '../kfp-client/model';
import type { ReconcilePlan } from './model';
import { groupVersions } from './versions';

/**
 * What must hold in the namespace after a plan was applied, checked on a fresh
 * listing: each declared recurring run has its version names once each, at most
 * one enabled version, and the version the plan left as the newest (created or
 * kept) still exists. Returns what is violated, in words.
 */
export function invariantViolations(plan: ReconcilePlan, jobs: Job[]): string[] {
  const { byName } = groupVersions(jobs);
  const problems: string[] = [];
  for (const change of plan.recurringRuns) {
    const versions = byName.get(change.name) ?? [];
    const names = versions.map((v) => v.name);
    const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
    for (const name of repeated) problems.push(`${change.name}: version ${name} exists ${names.filter((n) => n === name).length} times`);
    const enabled = versions.filter((v) => v.enabled).map((v) => v.name);
    if (enabled.length > 1) problems.push(`${change.name}: ${enabled.length} versions are enabled (${enabled.join(', ')}); at most one may be`);
    const newest = change.newVersion ?? change.current?.name;
    if (newest && !names.includes(newest)) problems.push(`${change.name}: the newest version ${newest} is missing`);
  }
  return problems;
}
