/**
 * Deep links into the KFP UI (a hash router). `uiBase` is where the UI is
 * served: behind Kubeflow/deployKF that is the host with its `/pipeline`
 * prefix, i.e. the same base as the API.
 */
export function runUrl(uiBase: string, runId: string): string {
  return `${trimSlash(uiBase)}/#/runs/details/${encodeURIComponent(runId)}`;
}

export function jobUrl(uiBase: string, jobId: string): string {
  return `${trimSlash(uiBase)}/#/recurringrun/details/${encodeURIComponent(jobId)}`;
}

export function experimentUrl(uiBase: string, experimentId: string): string {
  return `${trimSlash(uiBase)}/#/experiments/details/${encodeURIComponent(experimentId)}`;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
