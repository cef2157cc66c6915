// The record a namespace lock keeps in its experiment's description. KFP keeps
// an experiment description in a 255-character column, so the record is a
// short line a person can read in the KFP UI, and the holder is cut to fit.

/** The experiment that is the lock of a namespace. KFP refuses a second experiment of the same name in a namespace, which makes creating it an atomic test-and-set. */
export const LOCK_EXPERIMENT = 'kfp-gitops.lock';

export interface LockRecord {
  /** Random; names the lock for force-unlock. */
  id: string;
  /** Who holds it: a CI run, or user@host, and the process id. */
  holder: string;
  /** RFC 3339 UTC, whole seconds. */
  since: string;
  /** After this the lock counts as abandoned (its holder was killed) and may be taken over. */
  until: string;
}

const MAX_DESCRIPTION = 255;
const PREFIX = 'kfp-gitops lock';
const PATTERN = /^kfp-gitops lock id=(\S+) since=(\S+) until=(\S+) holder=(.*)$/s;

export function formatLockRecord(record: LockRecord): string {
  const head = `${PREFIX} id=${record.id} since=${record.since} until=${record.until} holder=`;
  return head + record.holder.slice(0, MAX_DESCRIPTION - head.length);
}

/** The record, or undefined when the description is not one (the lock experiment was made or edited by hand). */
export function parseLockRecord(description: string | undefined): LockRecord | undefined {
  const m = PATTERN.exec(description ?? '');
  if (!m || Number.isNaN(Date.parse(m[2])) || Number.isNaN(Date.parse(m[3]))) return undefined;
  return { id: m[1], since: m[2], until: m[3], holder: m[4] };
}

/** `user@host (pid 123)`, or the CI run that holds the lock. */
export function describeHolder(env: NodeJS.ProcessEnv, user: string, hostname: string, pid: number): string {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_RUN_ID) {
    const run = `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID}`;
    return `GitHub Actions ${env.GITHUB_WORKFLOW ?? ''} ${run} (${env.GITHUB_REF_NAME ?? ''} ${(env.GITHUB_SHA ?? '').slice(0, 12)})`.replace(/\s+/g, ' ').trim();
  }
  return `${user}@${hostname} (pid ${pid})`;
}

