/**
 * The `type` of every failure the connector raises in Temporal. Operators read these in the
 * Temporal UI, and the client turns them back into typed errors. Pure constants: workflows,
 * activities and the client all import them.
 */
export const FailureType = {
  /** 401: wrong service user ID or token, a refreshed token, or a disabled service user. */
  AuthFailed: 'HiBobAuthFailed',
  /** 403: the service user's permission group lacks a capability. */
  PermissionDenied: 'HiBobPermissionDenied',
  /** HiBob's firewall blocked the caller after repeated failures. */
  FirewallBlocked: 'HiBobFirewallBlocked',
  /** 400 from HiBob, with its own `key` and `error` text. */
  RequestRejected: 'HiBobRequestRejected',
  NotFound: 'HiBobNotFound',
  RateLimited: 'HiBobRateLimited',
  /** 5xx, network failures and timeouts: retried with backoff. */
  Unavailable: 'HiBobUnavailable',
  /** HTML where JSON was expected, or JSON that does not match the documented shape. */
  UnexpectedResponse: 'HiBobUnexpectedResponse',
  /** Credentials rejected before any call (whitespace, empty). */
  InvalidCredentials: 'HiBobInvalidCredentials',
  InvalidTimeOffRequest: 'InvalidTimeOffRequest',
  EmployeeNotFound: 'EmployeeNotFound',
  UnknownPolicyType: 'UnknownPolicyType',
  ConnectionNotFound: 'ConnectionNotFound',
  ConnectionNotActive: 'ConnectionNotActive',
  InvalidWorkflowInput: 'InvalidWorkflowInput',
} as const;

export type FailureTypeName = (typeof FailureType)[keyof typeof FailureType];

/** The details every connector failure carries (first element of ApplicationFailure.details). */
export interface FailureDetails {
  cause: string;
  fix: string;
  capability?: string;
  status?: number;
  hibobKey?: string;
  hibobMessage?: string;
  [extra: string]: unknown;
}

/** Failures that no retry can fix: the activity fails at once and carries its fix. */
export const NON_RETRYABLE_FAILURE_TYPES: readonly string[] = [
  FailureType.AuthFailed,
  FailureType.PermissionDenied,
  FailureType.FirewallBlocked,
  FailureType.RequestRejected,
  FailureType.NotFound,
  FailureType.UnexpectedResponse,
  FailureType.InvalidCredentials,
  FailureType.InvalidTimeOffRequest,
  FailureType.EmployeeNotFound,
  FailureType.UnknownPolicyType,
  FailureType.ConnectionNotFound,
  FailureType.ConnectionNotActive,
  FailureType.InvalidWorkflowInput,
];
