import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineSdk } from '../../../src/pipeline/layout';
import { resolveInterpreter } from '../../../src/python/interpreter';
import { RenderServer } from '../../../src/python/render-server';
import { REPO_ROOT } from '../../support/fixture-workspace';

export interface RenderServerHarness {
  /** One warm render server of the SDK for the whole test file. */
  readonly server: RenderServer;
  /** A fresh temporary folder for each test. */
  readonly dir: string;
}

/** Registers the file's hooks: the SDK's render server started once and closed at the end, a temporary folder per test. */
export function useRenderServer(sdk: PipelineSdk, tmpPrefix: string): RenderServerHarness {
  const harness = {} as { server: RenderServer; dir: string };
  beforeAll(async () => {
    harness.server = await RenderServer.start(resolveInterpreter(REPO_ROOT, undefined, {}, sdk));
  }, 60_000);
  afterAll(async () => {
    await harness.server?.close();
  });
  beforeEach(() => {
    harness.dir = mkdtempSync(join(tmpdir(), tmpPrefix));
  });
  afterEach(() => rmSync(harness.dir, { recursive: true, force: true }));
  return harness;
}
