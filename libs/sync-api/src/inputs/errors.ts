import { z } from 'zod';
import {
  cursorSchema,
  directionSchema,
  idSchema,
  isoDateSchema,
  pageSizeSchema,
  sortOrderSchema,
} from './common';

export const errorSortFields = [
  'lastSeenAt',
  'firstSeenAt',
  'occurrenceCount',
  'kind',
  'recordName',
] as const;

export const errorFilterSchema = z
  .object({
    mappingId: idSchema('filter.mappingId').optional(),
    kinds: z
      .array(z.string().min(1, 'filter.kinds entries must not be empty').max(64))
      .max(20)
      .optional(),
    states: z
      .array(z.string().min(1, 'filter.states entries must not be empty').max(32))
      .max(10)
      .optional(),
    direction: directionSchema.optional(),
    jobId: idSchema('filter.jobId').optional(),
    /** Errors last seen at or after this time. */
    from: isoDateSchema('filter.from').optional(),
    /** Errors last seen before this time. */
    to: isoDateSchema('filter.to').optional(),
    /** Matches record number, record name, ids and message (case-insensitive substring). */
    search: z.string().trim().max(200, 'filter.search is at most 200 characters').optional(),
  })
  .refine((f) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to), {
    message: 'filter.to must not be before filter.from',
    path: ['to'],
  });

export type ErrorFilter = z.infer<typeof errorFilterSchema>;

export const errorListInputSchema = z.object({
  filter: errorFilterSchema.default({}),
  sort: z
    .enum(errorSortFields, { error: `sort must be one of ${errorSortFields.join(', ')}` })
    .default('lastSeenAt'),
  order: sortOrderSchema.default('desc'),
  limit: pageSizeSchema,
  cursor: cursorSchema,
});

export type ErrorListInput = z.infer<typeof errorListInputSchema>;
