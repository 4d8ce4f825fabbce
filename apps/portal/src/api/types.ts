import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@twinsync/sync-api';

export type ApiInputs = inferRouterInputs<AppRouter>;
/** What arrives over the wire (JSON): `unknown` fields may be absent, so these are the types to use. */
export type ApiOutputs = inferRouterOutputs<AppRouter>;

export type Me = NonNullable<ApiOutputs['auth']['me']>;
export type Role = Me['role'];
export type ErrorFilter = NonNullable<ApiInputs['errors']['list']['filter']>;
export type ErrorSort = NonNullable<ApiInputs['errors']['list']['sort']>;
export type ActionTarget = ApiInputs['actions']['retry']['target'];
export type SynchronizeChoice = ApiInputs['actions']['synchronize']['choice'];

export type ErrorListItem = ApiOutputs['errors']['list']['items'][number];
export type ErrorCounts = ApiOutputs['errors']['counts'];
export type ErrorDetail = ApiOutputs['errors']['detail'];
export type FieldComparison = ErrorDetail['fields'][number];
export type ActionResponse = ApiOutputs['actions']['retry'];
export type TargetOutcome = ActionResponse['outcomes'][number];
export type SynchronizePreview = ApiOutputs['actions']['previewSynchronize'];
export type RecordLogEntry = ApiOutputs['records']['log']['items'][number];
export type RecordRef = ApiOutputs['records']['search'][number];
export type JobSummary = ApiOutputs['jobs']['list']['items'][number];
export type MappingView = ApiOutputs['mappings']['list'][number];
export type AuditEntry = ApiOutputs['audit']['list']['items'][number];
export type Finding = ApiOutputs['diagnostics']['run']['findings'][number];
export type LiveStatus = ApiOutputs['live']['status'];
export type LiveMappingStatus = LiveStatus['mappings'][number];

export type { LiveEvent } from '@twinsync/sync-api';
