// A plan saved by `plan --out` and applied by `reconcile --plan`, as terraform
// does: exactly the saved steps (with the version names they create) are
// applied, and only while git and the namespace are as they were when the
// plan was made; the fingerprints tell.

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { canonicalJson } from '../render/normalize';
import type { ActualState, DesiredState, ReconcilePlan } from './model';

const KIND = 'kfp-gitops-plan';
const VERSION = 1;

export interface SavedPlan {
  kind: typeof KIND;
  version: typeof VERSION;
  /** Workspace-relative team folder. */
  team: string;
  namespace?: string;
  host: string;
  createdAt: string;
  /** Of everything read from git: the team files and every pipeline and parameter they name. */
  gitFingerprint: string;
  /** Of the namespace as listed when the plan was made. */
  clusterFingerprint: string;
  plan: ReconcilePlan;
}

const savedPlanSchema = z.object({
  kind: z.literal(KIND),
  version: z.literal(VERSION),
  team: z.string(),
  namespace: z.string().optional(),
  host: z.string(),
  createdAt: z.string(),
  gitFingerprint: z.string(),
  clusterFingerprint: z.string(),
  plan: z.looseObject({ recurringRuns: z.array(z.unknown()), experiments: z.array(z.unknown()), unmanaged: z.array(z.unknown()) }),
});

export class SavedPlanError extends Error {
  override name = 'SavedPlanError';
}

/** The desired state decides every step: a fingerprint of it covers the team files and all they read. */
export function gitFingerprint(desired: DesiredState): string {
  return sha256(canonicalJson(desired));
}

/**
 * What the plan was computed from in the namespace: the experiments and every
 * job's fields the planner reads. A job's status is left out: the persistence
 * agent changes it on its own, and the planner never reads it.
 */
export function clusterFingerprint(actual: ActualState): string {
  const experiments = actual.experiments.map(({ id, name, description, storageState }) => ({ id, name, description, storageState }));
  const jobs = actual.jobs.map(({ status: _status, updatedAt: _updatedAt, ...job }) => job);
  return sha256(canonicalJson({ experiments: sortById(experiments), jobs: sortById(jobs) }));
}

export async function writeSavedPlan(file: string, saved: Omit<SavedPlan, 'kind' | 'version'>): Promise<void> {
  await fs.writeFile(file, `${JSON.stringify({ kind: KIND, version: VERSION, ...saved }, null, 2)}\n`);
}

export async function readSavedPlan(file: string): Promise<SavedPlan> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new SavedPlanError(`cannot read the plan file ${file}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new SavedPlanError(`${file} is not a plan file (not JSON); make one with: plan --out ${file}`);
  }
  const parsed = savedPlanSchema.safeParse(data);
  if (!parsed.success) throw new SavedPlanError(`${file} is not a plan file of this version of kfp-gitops (${parsed.error.issues[0]?.path.join('.') || 'kind'}: ${parsed.error.issues[0]?.message}); make a new one with plan --out`);
  return parsed.data as unknown as SavedPlan;
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function sortById<T extends { id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
