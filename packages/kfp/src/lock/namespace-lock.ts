import { randomBytes } from 'node:crypto';
import { KfpApiError } from '../kfp-client/kfp-api-error';
import type { KfpClient } from '../kfp-client/kfp-client';
import type { Experiment } from '../kfp-client/model';
import { isoSeconds } from '../utils/iso-seconds';
import { formatLockRecord, LOCK_EXPERIMENT, parseLockRecord, type LockRecord } from './lock-record';

/** What the lock needs from the KFP client. */
export type LockClient = Pick<KfpClient, 'createExperiment' | 'findExperimentByName' | 'archiveExperiment' | 'deleteExperiment'>;

export interface LockOptions {
  namespace: string | undefined;
  holder: string;
  /** How long the lock lasts without its holder (a killed process) before others may take it over. */
  ttlMs: number;
  /** How long to wait for a lock someone else holds; 0 fails at once. */
  waitMs: number;
  /** Pause between looks while waiting. */
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Progress while waiting. */
  log?: (line: string) => void;
}

/** The lock is held by someone else (and did not come free within the wait). */
export class LockHeldError extends Error {
  override name = 'LockHeldError';
  constructor(
    readonly namespace: string | undefined,
    readonly record: LockRecord | undefined,
  ) {
    super(
      record
        ? `${where(namespace)} is locked by ${record.holder} since ${record.since} (lock ${record.id}, expires ${record.until}): another reconcile is changing it. ` +
            `Wait for it (--lock-timeout <seconds>), or, if that process is gone, remove the lock: kfp-reconcile force-unlock <team-folder> ${record.id}`
        : `${where(namespace)} is locked by an experiment named ${LOCK_EXPERIMENT} that kfp-gitops did not write; remove it in the KFP UI if nothing else uses it.`,
    );
  }
}

/** A held lock ran past its expiry: another process may have taken it over, so nothing more may be changed. */
export class LockExpiredError extends Error {
  override name = 'LockExpiredError';
}

/**
 * Mutual exclusion between reconciles of one namespace, with nothing but the
 * KFP API: the lock is an experiment with a reserved name (KFP refuses a second
 * experiment of the same name in a namespace, so creating it is an atomic
 * test-and-set), archived so that it stays out of the UI's lists, whose
 * description records holder and expiry. A lock past its expiry was left by a
 * killed process and is taken over: deleted by its id, so that of two
 * processes taking it over at once only one can create the new one.
 */
export class NamespaceLock {
  private released = false;

  private constructor(
    private readonly client: LockClient,
    readonly record: LockRecord,
    private readonly experimentId: string,
    private readonly now: () => number,
  ) {}

  static async acquire(client: LockClient, options: LockOptions): Promise<NamespaceLock> {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const deadline = now() + options.waitMs;
    let reported: string | undefined;
    for (;;) {
      const record: LockRecord = { id: randomBytes(6).toString('hex'), holder: options.holder, since: isoSeconds(now()), until: isoSeconds(now() + options.ttlMs) };
      const created = await createLock(client, options.namespace, record);
      if (created && parseLockRecord(created.description)?.id === record.id) {
        // Out of the UI's default list; the lock holds whether or not this succeeds.
        await client.archiveExperiment(created.id).catch(() => undefined);
        return new NamespaceLock(client, record, created.id, now);
      }
      const current = created ?? (await client.findExperimentByName(options.namespace, LOCK_EXPERIMENT));
      if (!current) continue; // released between our create and our look: try again
      const held = parseLockRecord(current.description);
      if (held && Date.parse(held.until) <= now()) {
        options.log?.(`The lock ${held.id} of ${where(options.namespace)}, held by ${held.holder}, expired at ${held.until}; taking it over.`);
        await client.deleteExperiment(current.id).catch((error: unknown) => {
          if (!(error instanceof KfpApiError && error.status === 404)) throw error;
        });
        continue;
      }
      if (now() >= deadline) throw new LockHeldError(options.namespace, held);
      if (held && reported !== held.id) {
        options.log?.(`Waiting for the lock of ${where(options.namespace)}, held by ${held.holder} since ${held.since} (expires ${held.until})...`);
        reported = held.id;
      }
      await sleep(Math.min(options.pollMs ?? 2000, Math.max(0, deadline - now())));
    }
  }

  /** Throws when the lock has expired (or is about to): past that, another process may hold it. */
  ensureHeld(): void {
    if (this.released) throw new LockExpiredError(`the lock ${this.record.id} was released`);
    if (this.now() >= Date.parse(this.record.until)) {
      throw new LockExpiredError(`the lock ${this.record.id} expired at ${this.record.until}, so another reconcile may now hold it; nothing more was changed. Raise --lock-ttl if a reconcile needs longer.`);
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.client.deleteExperiment(this.experimentId);
  }
}

/** Creates the lock experiment; undefined when it exists already (a 409). */
async function createLock(client: LockClient, namespace: string | undefined, record: LockRecord): Promise<Experiment | undefined> {
  try {
    return await client.createExperiment({ name: LOCK_EXPERIMENT, description: formatLockRecord(record), namespace });
  } catch (error) {
    if (error instanceof KfpApiError && error.reason === 'http' && error.status === 409) return undefined;
    throw error;
  }
}

/** Removes a lock whose holder is gone, naming what it removed; refuses when the id is not the current lock's. */
export async function forceUnlock(client: LockClient, namespace: string | undefined, lockId: string): Promise<string> {
  const experiment = await client.findExperimentByName(namespace, LOCK_EXPERIMENT);
  if (!experiment) return `${where(namespace)} is not locked; nothing to do.`;
  const record = parseLockRecord(experiment.description);
  if (record && record.id !== lockId) {
    throw new Error(`${where(namespace)} is locked by ${record.holder} with lock ${record.id}, not ${lockId}; check that process first, then pass its id.`);
  }
  await client.deleteExperiment(experiment.id);
  return record
    ? `Removed the lock ${record.id} of ${where(namespace)}, held by ${record.holder} since ${record.since}.`
    : `Removed the lock experiment ${LOCK_EXPERIMENT} of ${where(namespace)} (it held no lock record).`;
}

function where(namespace: string | undefined): string {
  return namespace ? `namespace "${namespace}"` : 'the KFP server (single-user)';
}
