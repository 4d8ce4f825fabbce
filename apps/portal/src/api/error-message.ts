import { TRPCClientError } from '@trpc/client';

/** A message an admin can act on, from whatever a call threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
