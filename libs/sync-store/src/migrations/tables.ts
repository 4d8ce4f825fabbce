/** Table names of the store's schema (other libraries read these through the repositories). */
export const tables = {
  mappings: 'mappings',
  couplings: 'couplings',
  jobs: 'jobs',
  errors: 'sync_errors',
  errorOccurrences: 'sync_error_occurrences',
  history: 'history_events',
  watermarks: 'watermarks',
  audit: 'audit_log',
  users: 'users',
  sessions: 'sessions',
  loginAttempts: 'login_attempts',
  webhookSubscriptions: 'webhook_subscriptions',
  changeQueue: 'record_change_queue',
  jobChunks: 'job_chunks',
  removedCouplings: 'removed_couplings',
} as const;

export type TableName = (typeof tables)[keyof typeof tables];
