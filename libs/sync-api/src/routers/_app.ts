import { router } from '../trpc';
import { authRouter } from './auth';
import { errorsRouter } from './errors';
import { jobsRouter } from './jobs';
import { recordsRouter } from './records';

export const appRouter = router({
  auth: authRouter,
  errors: errorsRouter,
  records: recordsRouter,
  jobs: jobsRouter,
});

export type AppRouter = typeof appRouter;
