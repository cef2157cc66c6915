import type { RunOptions } from '../../run/run-pipeline';

/** Options of the run executor; schema.json describes each one. */
export interface RunExecutorOptions extends RunOptions {
  output?: 'text' | 'json';
}
