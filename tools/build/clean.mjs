// Removes the packages' build output, so that a module moved or deleted in
// src/ leaves nothing behind in dist/ (tsc never deletes outputs it no longer
// writes, and npm would publish them).
import { rmSync } from 'node:fs';

for (const pkg of ['packages/kfp', 'packages/kfp-emulator']) {
  rmSync(`${pkg}/dist`, { recursive: true, force: true });
  rmSync(`${pkg}/.tsbuildinfo`, { force: true });
}
