import type { RepositoryContext } from './context';
import { createCouplingRepository, type CouplingRepository } from './couplings';
import { createHistoryRepository, type HistoryRepository } from './history';
import { createJobRepository, type JobRepository } from './jobs';
import { createMappingRepository, type MappingRepository } from './mappings';
import { createSyncErrorRepository, type SyncErrorRepository } from './sync-errors';

/** Every repository, bound to one query runner (the store or a transaction). */
export interface Repositories {
  mappings: MappingRepository;
  couplings: CouplingRepository;
  jobs: JobRepository;
  errors: SyncErrorRepository;
  history: HistoryRepository;
}

export function createRepositories(ctx: RepositoryContext): Repositories {
  return {
    mappings: createMappingRepository(ctx),
    couplings: createCouplingRepository(ctx),
    jobs: createJobRepository(ctx),
    errors: createSyncErrorRepository(ctx),
    history: createHistoryRepository(ctx),
  };
}
