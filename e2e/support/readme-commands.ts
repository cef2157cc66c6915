import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '../..');

/**
 * The shell commands of one README section's first `bash` block, one per line,
 * without their trailing comments: what a user types, and what the install
 * test runs, so the two cannot drift apart.
 */
export function readmeCommands(section: string, readme = join(REPO_ROOT, 'README.md')): string[] {
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${section}" section`);
  const block = /```bash\n([\s\S]*?)```/.exec(text.slice(start));
  if (!block) throw new Error(`README.md's "${section}" section has no bash block`);
  return block[1]
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line && !line.startsWith('#'));
}
