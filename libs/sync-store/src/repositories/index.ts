import type { RepositoryContext } from './context';
import { createAuditRepository, type AuditRepository } from './audit';
import { createChangeQueueRepository, type ChangeQueueRepository } from './change-queue';
import { createCouplingRepository, type CouplingRepository } from './couplings';
import { createHistoryRepository, type HistoryRepository } from './history';
import { createJobChunkRepository, type JobChunkRepository } from './job-chunks';
import { createJobRepository, type JobRepository } from './jobs';
import { createLoginAttemptRepository, type LoginAttemptRepository } from './login-attempts';
import { createMappingRepository, type MappingRepository } from './mappings';
import { createSessionRepository, type SessionRepository } from './sessions';
import { createSyncErrorRepository, type SyncErrorRepository } from './sync-errors';
import { createUserRepository, type UserRepository } from './users';
import { createWatermarkRepository, type WatermarkRepository } from './watermarks';
import {
  createWebhookSubscriptionRepository,
  type WebhookSubscriptionRepository,
} from './webhook-subscriptions';

/** Every repository, bound to one query runner (the store or a transaction). */
export interface Repositories {
  mappings: MappingRepository;
  couplings: CouplingRepository;
  jobs: JobRepository;
  errors: SyncErrorRepository;
  history: HistoryRepository;
  watermarks: WatermarkRepository;
  audit: AuditRepository;
  users: UserRepository;
  sessions: SessionRepository;
  loginAttempts: LoginAttemptRepository;
  webhookSubscriptions: WebhookSubscriptionRepository;
  changeQueue: ChangeQueueRepository;
  jobChunks: JobChunkRepository;
}

export function createRepositories(ctx: RepositoryContext): Repositories {
  return {
    mappings: createMappingRepository(ctx),
    couplings: createCouplingRepository(ctx),
    jobs: createJobRepository(ctx),
    errors: createSyncErrorRepository(ctx),
    history: createHistoryRepository(ctx),
    watermarks: createWatermarkRepository(ctx),
    audit: createAuditRepository(ctx),
    users: createUserRepository(ctx),
    sessions: createSessionRepository(ctx),
    loginAttempts: createLoginAttemptRepository(ctx),
    webhookSubscriptions: createWebhookSubscriptionRepository(ctx),
    changeQueue: createChangeQueueRepository(ctx),
    jobChunks: createJobChunkRepository(ctx),
  };
}
