import { ConfigError } from './errors';

/** An error the user caused and can fix: printed without a stack trace, exit 1. */
export class UsageError extends Error {}

/**
 * Runs a command body; configuration and usage errors are printed plainly and exit 1,
 * anything else is a bug and keeps its stack trace.
 */
export function runOrExit(body: () => void | Promise<void>): void {
  const fail = (err: unknown): void => {
    if (err instanceof ConfigError || err instanceof UsageError) {
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
