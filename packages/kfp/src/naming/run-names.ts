// Names the reference design gives to what it creates in KFP, so the two tools
// recognise each other's runs and recurring-run versions.

/** UTC time as `YYYY-MM-DDTHH-MM-SSZ` (colons replaced: KFP names appear in URLs and k8s names). */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

/** A one-off run: `MANUAL::<name>__<UTC time>`. */
export function manualRunName(name: string, now: Date): string {
  return `MANUAL::${name}__${utcStamp(now)}`;
}

/** A version of a recurring run: `GIT::<name>__<UTC time>`. */
export function gitVersionName(name: string, now: Date): string {
  return `GIT::${name}__${utcStamp(now)}`;
}

const GIT_VERSION = /^GIT::(.*)__(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)$/s;

/**
 * The logical name and timestamp of a `GIT::` version, or undefined. The name is
 * greedy and the timestamp anchored at the end, so names containing `__` work.
 */
export function parseGitVersionName(name: string): { name: string; stamp: string } | undefined {
  const match = GIT_VERSION.exec(name);
  return match ? { name: match[1], stamp: match[2] } : undefined;
}
