import { createInterface } from 'node:readline/promises';

/**
 * A yes/no question for a person at an interactive terminal, as terraform
 * apply asks; undefined (never ask) without a terminal, in CI, or with --yes.
 */
export function terminalConfirm(env: NodeJS.ProcessEnv, yes: boolean | undefined): ((question: string) => Promise<boolean>) | undefined {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  if (yes || ci || !process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question) => {
    const terminal = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return (await terminal.question(`\n${question}`)).trim() === 'yes';
    } finally {
      terminal.close();
    }
  };
}
