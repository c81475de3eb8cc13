/** The HiBob API client's public surface. */
export * from './client';
export * from './errors';
export { endpointKey, capabilityForEndpoint } from './endpoint';
export {
  normalizeEmployee,
  normalizeNamedList,
  missingFieldIds,
  readField,
  hasField,
  employeeIdOf,
  type HumanReadableMode,
  type NormalizeOptions,
} from './normalize';
export {
  RateLimitRegistry,
  defaultRateLimitRegistry,
  parseRateLimitHeaders,
  parseResetHeader,
  parseRetryAfter,
  retryAfterMsFromHeaders,
  DEFAULT_RESET_MARGIN_MS,
  type PacerKey,
  type RateLimitState,
} from './rate-limit';
export type { FieldMetadata, PolicyType, RawEmployee, WhosOutEntry } from './schemas';
export * from './model';
