import type { ConnectionTargetOptions } from '../shared/connection-options';

/** Options of the run executor (see schema.json for their descriptions). */
export interface RunExecutorOptions extends ConnectionTargetOptions {
  experiment?: string;
  createExperiment?: boolean;
  runName?: string;
  variant?: string;
  param?: string | string[];
  serviceAccount?: string;
  wait?: boolean;
  waitTimeout?: number;
  pollInterval?: number;
  output?: 'text' | 'json';
  allowStale?: boolean;
  verbose?: boolean;
  python?: string;
  pythonPaths?: string[];
}
