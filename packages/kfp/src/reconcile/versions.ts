import type { Job } from '../kfp-client/model';
import { gitVersionName, parseGitVersionName } from '../naming/run-names';

export interface VersionedJob extends Job {
  /** The logical recurring-run name. */
  logicalName: string;
  stamp: string;
}

/**
 * The namespace's jobs grouped by logical recurring run (the reference's
 * `GIT::<name>__<time>` naming), newest first; other jobs are counted apart.
 */
export function groupVersions(jobs: Job[]): { byName: Map<string, VersionedJob[]>; others: Job[] } {
  const byName = new Map<string, VersionedJob[]>();
  const others: Job[] = [];
  for (const job of jobs) {
    const parsed = parseGitVersionName(job.name);
    if (!parsed) {
      others.push(job);
      continue;
    }
    const list = byName.get(parsed.name) ?? [];
    list.push({ ...job, logicalName: parsed.name, stamp: parsed.stamp });
    byName.set(parsed.name, list);
  }
  for (const list of byName.values()) list.sort(newestFirst);
  return { byName, others };
}

/** Newest first by name stamp, then creation time; ties (same second) by id, so the order never depends on the list's. */
function newestFirst(a: VersionedJob, b: VersionedJob): number {
  if (a.stamp !== b.stamp) return a.stamp < b.stamp ? 1 : -1;
  const created = (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0);
  if (created !== 0) return created;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** A version name at `now`, or the next free second when that name is taken (two changes in one second). */
export function nextVersionName(name: string, now: Date, taken: ReadonlySet<string>): string {
  let at = Math.floor(now.getTime() / 1000) * 1000;
  let candidate = gitVersionName(name, new Date(at));
  while (taken.has(candidate)) {
    at += 1000;
    candidate = gitVersionName(name, new Date(at));
  }
  return candidate;
}

/**
 * Versions with the same name (a create repeated after a crash or a lost
 * answer) reduced to one each: the enabled one (the oldest, if several are),
 * else the oldest. The others are returned to be deleted.
 */
export function withoutDuplicates(versions: VersionedJob[]): { versions: VersionedJob[]; duplicates: Array<{ job: VersionedJob; kept: VersionedJob }> } {
  const byName = new Map<string, VersionedJob[]>();
  for (const version of versions) byName.set(version.name, [...(byName.get(version.name) ?? []), version]);
  const kept = new Set<VersionedJob>();
  const duplicates: Array<{ job: VersionedJob; kept: VersionedJob }> = [];
  for (const same of byName.values()) {
    const [keep, ...rest] = [...same].sort((a, b) => Number(b.enabled) - Number(a.enabled) || oldestFirst(a, b));
    kept.add(keep);
    for (const job of rest) duplicates.push({ job, kept: keep });
  }
  return { versions: versions.filter((v) => kept.has(v)), duplicates };
}

function oldestFirst(a: VersionedJob, b: VersionedJob): number {
  const byTime = (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0);
  return byTime !== 0 ? byTime : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
