/**
 * How the CLI ends: 0 success, 1 failure, 2 bad input; every error printed as cause and fix.
 */
import { ZodError } from 'zod';
import { ConfigError } from '../../temporal.config';

export const ExitCode = { ok: 0, failure: 1, badInput: 2 } as const;

/** Bad input from the user: a flag, an argument, a file. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(message: string, readonly fix?: string) {
    super(message);
  }
}

interface CauseAndFix {
  causeText?: string;
  fix?: string;
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof InputError || error instanceof ConfigError || error instanceof ZodError) return ExitCode.badInput;
  const name = (error as { name?: string })?.name;
  // Input the user gave that breaks a rule we check before doing anything.
  if (name === 'CredentialsFormatError' || name === 'InvalidTimeOffRequest' || name === 'InvalidWorkflowInput' || name === 'ConnectionNotFoundError') {
    return ExitCode.badInput;
  }
  return ExitCode.failure;
}

export function describeError(error: unknown): string {
  if (error instanceof ZodError) {
    return `Invalid input:\n${error.issues.map((i) => `  - ${i.path.join('.') || '(value)'}: ${i.message}`).join('\n')}`;
  }
  if (error instanceof InputError) return error.fix ? `${error.message}\nFix: ${error.fix}` : error.message;
  const withFix = error as CauseAndFix & { message?: string };
  if (withFix?.fix && !String(withFix.message).includes(withFix.fix)) return `${withFix.message}\nFix: ${withFix.fix}`;
  return error instanceof Error ? error.message : String(error);
}

/** Wraps a command action: prints the error as cause and fix (or JSON), sets the exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      const json = process.argv.includes('--json');
      const code = exitCodeFor(error);
      if (json) {
        const e = error as { name?: string; type?: string; details?: unknown; fix?: string; causeText?: string };
        console.log(JSON.stringify({ ok: false, error: { name: e?.name, type: e?.type, message: describeError(error), fix: e?.fix } }));
      } else {
        console.error(describeError(error));
      }
      process.exitCode = code;
    }
  };
}
