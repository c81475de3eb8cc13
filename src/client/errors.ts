/**
 * Typed errors for code that embeds the client: a failed run becomes an instance of the
 * class named after its failure type (`HiBobPermissionDenied`, `HiBobAuthFailed`, ...),
 * carrying the cause and the fix the activity recorded.
 */
import { ApplicationFailure, TemporalFailure, WorkflowFailedError } from '@temporalio/client';
import { FailureType, type FailureDetails, type FailureTypeName } from '../shared/failure-types';

export class ConnectorError extends Error {
  /** The failure type as the Temporal UI shows it. */
  readonly type: string;
  readonly causeText: string;
  readonly fix: string;
  readonly details: FailureDetails | undefined;

  constructor(type: string, message: string, details?: FailureDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = type;
    this.type = type;
    this.details = details;
    this.causeText = details?.cause ?? message;
    this.fix = details?.fix ?? 'See the workflow run in the Temporal UI for details.';
  }
}

const typed = (type: FailureTypeName) =>
  class extends ConnectorError {
    constructor(message: string, details?: FailureDetails, options?: { cause?: unknown }) {
      super(type, message, details, options);
    }
  };

export class HiBobAuthFailed extends typed(FailureType.AuthFailed) {}
export class HiBobPermissionDenied extends typed(FailureType.PermissionDenied) {}
export class HiBobFirewallBlocked extends typed(FailureType.FirewallBlocked) {}
export class HiBobRequestRejected extends typed(FailureType.RequestRejected) {}
export class HiBobUnavailable extends typed(FailureType.Unavailable) {}
export class InvalidTimeOffRequest extends typed(FailureType.InvalidTimeOffRequest) {}
export class EmployeeNotFound extends typed(FailureType.EmployeeNotFound) {}
export class UnknownPolicyType extends typed(FailureType.UnknownPolicyType) {}
export class ConnectionNotFound extends typed(FailureType.ConnectionNotFound) {}
export class InvalidWorkflowInput extends typed(FailureType.InvalidWorkflowInput) {}

const CLASSES: Partial<Record<string, new (message: string, details?: FailureDetails, options?: { cause?: unknown }) => ConnectorError>> = {
  [FailureType.AuthFailed]: HiBobAuthFailed,
  [FailureType.PermissionDenied]: HiBobPermissionDenied,
  [FailureType.FirewallBlocked]: HiBobFirewallBlocked,
  [FailureType.RequestRejected]: HiBobRequestRejected,
  [FailureType.Unavailable]: HiBobUnavailable,
  [FailureType.InvalidTimeOffRequest]: InvalidTimeOffRequest,
  [FailureType.EmployeeNotFound]: EmployeeNotFound,
  [FailureType.UnknownPolicyType]: UnknownPolicyType,
  [FailureType.ConnectionNotFound]: ConnectionNotFound,
  [FailureType.InvalidWorkflowInput]: InvalidWorkflowInput,
};

/** The innermost ApplicationFailure of a Temporal error chain, if any. */
export function applicationFailureOf(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error instanceof WorkflowFailedError ? error.cause : error;
  let found: ApplicationFailure | undefined;
  while (current instanceof TemporalFailure || current instanceof Error) {
    if (current instanceof ApplicationFailure && current.type) found ??= current;
    current = (current as Error).cause;
  }
  return found;
}

/** Turns a Temporal failure into the connector's typed error; anything else passes through. */
export function toConnectorError(error: unknown): unknown {
  const failure = applicationFailureOf(error);
  if (!failure?.type) return error;
  const details = (failure.details?.[0] ?? undefined) as FailureDetails | undefined;
  const Class = CLASSES[failure.type];
  return Class ? new Class(failure.message, details, { cause: error }) : new ConnectorError(failure.type, failure.message, details, { cause: error });
}
