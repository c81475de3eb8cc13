// The worker registers every workflow exported here; they only orchestrate activities.
export { connectorDiagnosticsWorkflow } from './diagnostics';
export { hibobSyncWorkflow, hibobScheduledSyncWorkflow, progressQuery } from './sync';
export { createTimeOffRequestWorkflow, requestCreatedUpdate, timeOffStatusQuery } from './timeoff';
