/** Table names of the sync-store schema this API reads. */
export const tables = {
  mappings: 'mappings',
  couplings: 'couplings',
  jobs: 'jobs',
  errors: 'sync_errors',
  occurrences: 'sync_error_occurrences',
  history: 'history_events',
  watermarks: 'watermarks',
  audit: 'audit_log',
  users: 'users',
  sessions: 'sessions',
  loginAttempts: 'login_attempts',
} as const;
