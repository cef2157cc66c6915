import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineSdk } from '../../../src/pipeline/layout';
import type { RenderJob } from '../../../src/render/render-pipeline';

/** The render of a test workspace's pipeline folder: its pipeline.py into RENDERED_PIPELINE/. */
export function renderJob(sdk: PipelineSdk, workspace: string, dir: string, extra: Partial<RenderJob> = {}): RenderJob {
  return {
    label: dir.split('/').pop()!,
    sdk,
    workspaceRoot: workspace,
    script: join(dir, 'pipeline.py'),
    args: [],
    outputFolder: join(dir, 'RENDERED_PIPELINE'),
    sysPath: [dir, workspace],
    timeoutSec: 60,
    ...extra,
  };
}

/** Every file below a folder with its text and mtime, to show what a render left untouched. */
export function snapshot(dir: string): Record<string, { bytes: string; mtimeMs: number }> {
  const out: Record<string, { bytes: string; mtimeMs: number }> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p.slice(dir.length + 1)] = { bytes: readFileSync(p, 'utf8'), mtimeMs: statSync(p).mtimeMs };
    }
  };
  walk(dir);
  return out;
}
