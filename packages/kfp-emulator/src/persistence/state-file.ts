import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SERVER_NAMESPACE } from '../resources/context';
import { scheduledWorkflowName } from '../schedule/scheduled-workflow';
import type { EmulatorState, StoredJob } from '../state/state';

/** Loads a saved state, or undefined when the file does not exist yet. */
export function loadStateFile(path: string): EmulatorState | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`kfp-emulator: state file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const state = parsed as Partial<EmulatorState>;
  const lists = ['experiments', 'pipelines', 'pipelineVersions', 'runs', 'jobs'] as const;
  if (state.formatVersion !== 1 || typeof state.seq !== 'number' || lists.some((k) => !Array.isArray(state[k]))) {
    throw new Error(
      `kfp-emulator: state file ${path} is not an emulator state (expected formatVersion 1 with seq, ${lists.join(', ')})`,
    );
  }
  return withJobDefaults(state as EmulatorState);
}

/** Files written before jobs had a ScheduledWorkflow record: their status was reported long ago. */
function withJobDefaults(state: EmulatorState): EmulatorState {
  for (const job of state.jobs as Partial<StoredJob>[]) {
    job.swfName ??= scheduledWorkflowName(job.name ?? '');
    job.status ??= job.enabled ? 'ENABLED' : 'DISABLED';
    job.lastIndex ??= 0;
    if (!job.namespace) job.namespace = SERVER_NAMESPACE;
  }
  return state;
}

/** Writes to a temporary sibling and renames it over the target, so a crash never leaves half a file. */
export function saveStateFile(path: string, state: EmulatorState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 1));
  renameSync(temporary, path);
}
