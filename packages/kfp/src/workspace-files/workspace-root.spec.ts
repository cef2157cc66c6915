import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findWorkspaceRoot } from './workspace-root';

let top: string;
const write = (path: string) => {
  mkdirSync(dirname(join(top, path)), { recursive: true });
  writeFileSync(join(top, path), '{}');
};

beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), 'kfp-workspace-root-'));
  mkdirSync(join(top, 'ws/teams/t1'), { recursive: true });
});
afterEach(() => rmSync(top, { recursive: true, force: true }));

test('the nearest folder above with nx.json; NX_WORKSPACE_ROOT_PATH wins', () => {
  write('nx.json');
  write('ws/nx.json');
  expect(findWorkspaceRoot(join(top, 'ws/teams/t1'), {})).toBe(join(top, 'ws'));
  expect(findWorkspaceRoot(join(top, 'ws/teams/t1'), { NX_WORKSPACE_ROOT_PATH: '/elsewhere' })).toBe('/elsewhere');
});

test('without nx.json, the outermost folder with Nx installed, else the folder itself', () => {
  expect(findWorkspaceRoot(join(top, 'ws/teams/t1'), {})).toBe(join(top, 'ws/teams/t1'));
  write('ws/teams/node_modules/nx/package.json');
  write('ws/node_modules/nx/package.json');
  expect(findWorkspaceRoot(join(top, 'ws/teams/t1'), {})).toBe(join(top, 'ws'));
});
