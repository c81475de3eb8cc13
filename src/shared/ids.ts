/** Workflow and schedule ids: stable names operators can type and search for. */
export const syncWorkflowId = (connectionId: string) => `hibob-sync/${connectionId}`;
export const syncScheduleId = (connectionId: string) => `hibob-sync-schedule/${connectionId}`;
export const timeOffWorkflowId = (idempotencyKey: string) => `hibob-timeoff/${idempotencyKey}`;
