import { ConfigError } from './errors';

/**
 * Runs a command body; configuration and usage errors (ConfigError, UsageError) are printed plainly and exit 1,
 * anything else is a bug and keeps its stack trace.
 */
export function runOrExit(body: () => void | Promise<void>): void {
  const fail = (err: unknown): void => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  };
  try {
    const result = body();
    if (result instanceof Promise) result.catch(fail);
  } catch (err) {
    fail(err);
  }
}
