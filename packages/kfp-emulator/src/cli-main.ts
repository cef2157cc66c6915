import { cliFaultRules, CLI_HELP, parseCliArgs } from './cli';
import { validateFaultRules } from './faults/fault-injector';
import { REQUEST_KINDS } from './http/routes';
import { startEmulator } from './index';

/** Entry point of bin/kfp-emulator.js. */
export async function main(argv: readonly string[]): Promise<void> {
  let command;
  let faults;
  try {
    command = parseCliArgs(argv);
    faults = validateFaultRules(cliFaultRules(argv), REQUEST_KINDS);
  } catch (error) {
    process.stderr.write(`kfp-emulator: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (command.help) {
    process.stdout.write(CLI_HELP);
    return;
  }
  const emulator = await startEmulator({ ...command.options, log: (line) => process.stdout.write(`${line}\n`) });
  if (faults.length > 0) emulator.injectFaults(faults);
  const mode = command.options.multiUser ? 'multi-user' : 'single-user';
  process.stdout.write(`kfp-emulator listening on ${emulator.url} (flavor ${command.options.flavor}, ${mode})\n`);
  const stop = (signal: string) => {
    process.stdout.write(`kfp-emulator: ${signal}, shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
