import { z } from 'zod';

export const idSchema = (field: string) =>
  z
    .string({ error: `${field} must be a string id` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(200, `${field} is too long`);

export const isoDateSchema = (field: string) =>
  z.iso.datetime({ offset: true, error: `${field} must be an ISO 8601 date-time` });

export const pageSizeSchema = z
  .number({ error: 'limit must be a number' })
  .int('limit must be a whole number')
  .min(1, 'limit must be at least 1')
  .max(500, 'limit must be at most 500')
  .default(50);

export const cursorSchema = z
  .string({ error: 'cursor must be the nextCursor of a previous page' })
  .max(1000, 'cursor is too long')
  .nullish();

export const directionSchema = z.enum(['erpToCrm', 'crmToErp'], {
  error: 'direction must be erpToCrm or crmToErp',
});

export const runDirectionSchema = z.enum(['erpToCrm', 'crmToErp', 'both'], {
  error: 'direction must be erpToCrm, crmToErp or both',
});

export const sideSchema = z.enum(['erp', 'crm'], { error: 'side must be erp or crm' });

export const sortOrderSchema = z.enum(['asc', 'desc'], { error: 'order must be asc or desc' });
