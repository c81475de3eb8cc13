/** Typed search-attribute keys for the runs the connector starts (pure; workflows use them too). */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { searchAttributeNames } from '../../temporal.config';

export const connectionIdKey = defineSearchAttributeKey(searchAttributeNames.connectionId, SearchAttributeType.KEYWORD);
export const syncTriggerKey = defineSearchAttributeKey(searchAttributeNames.syncTrigger, SearchAttributeType.KEYWORD);
export const employeeIdKey = defineSearchAttributeKey(searchAttributeNames.employeeId, SearchAttributeType.KEYWORD);
export const policyTypeKey = defineSearchAttributeKey(searchAttributeNames.policyType, SearchAttributeType.KEYWORD);
