/** Small helpers shared by the workflows (deterministic, no I/O). */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';
import { FailureType } from '../shared/failure-types';

/** Validates a workflow's input; bad input fails the run at once with a typed, readable failure. */
export function parseWorkflowInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
  throw ApplicationFailure.create({
    type: FailureType.InvalidWorkflowInput,
    message: `Invalid workflow input: ${problems.join('; ')}`,
    nonRetryable: true,
    details: [{ cause: 'The workflow was started with values it does not accept.', fix: 'Correct the fields named above and start it again.', problems }],
  });
}

/**
 * Fails the workflow with the activity's own failure type, message and details lifted to
 * the top, so the Temporal UI shows "HiBobAuthFailed: Authentication failed. Cause... Fix..."
 * rather than a generic "Activity task failed".
 */
export function rethrowAsWorkflowFailure(error: unknown): never {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) {
    throw ApplicationFailure.create({
      type: cause.type ?? undefined,
      message: cause.message,
      details: cause.details ? [...cause.details] : undefined,
      nonRetryable: true,
      cause: error as Error,
    });
  }
  throw error;
}

/** 50000 -> "50,000" without Intl (kept deterministic and sandbox-safe). */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
