import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './readme-commands';

/** Both environments `npm run setup:kfp` creates: kfp 1.8 (.venv) and kfp 2.x (.venv-v2). */
const REQUIREMENTS = ['requirements.txt', 'requirements-v2.txt'].map((file) => join(REPO_ROOT, 'packages/kfp/python', file));
const WHEELHOUSE = join(REPO_ROOT, 'tmp/e2e-wheelhouse');

/**
 * pip's HTTP cache does not keep the wheels from the index this machine uses,
 * so every `npm run setup:kfp` would download kfp's ~60 wheels again. The
 * install tests build them once into a wheelhouse (for both requirements files; the sdists among them as wheels too),
 * and pip installs from it: the environment variables below are pip's own
 * configuration, and the README's commands still run as written.
 */
export async function wheelhouseEnv(): Promise<NodeJS.ProcessEnv> {
  const hash = createHash('sha256');
  for (const file of REQUIREMENTS) hash.update(readFileSync(file)).update('\0');
  const stamp = hash.digest('hex');
  const stampFile = join(WHEELHOUSE, '.requirements-sha256');
  await withLock(`${WHEELHOUSE}.lock`, () => {
    if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
    rmSync(WHEELHOUSE, { recursive: true, force: true });
    for (const requirements of REQUIREMENTS) {
      const pip = spawnSync('python3', ['-m', 'pip', 'wheel', '--no-deps', '--disable-pip-version-check', '-q', '-r', requirements, '-w', WHEELHOUSE], { encoding: 'utf8' });
      if (pip.status !== 0) throw new Error(`pip wheel of ${requirements} failed:\n${pip.stdout}${pip.stderr}`);
    }
    writeFileSync(stampFile, stamp);
  });
  return { PIP_FIND_LINKS: WHEELHOUSE, PIP_NO_INDEX: '1' };
}

/** One test file at a time fills the wheelhouse; the other waits for it. */
async function withLock(lock: string, body: () => void): Promise<void> {
  mkdirSync(join(lock, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
