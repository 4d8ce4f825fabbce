import { z } from 'zod';
import { idSchema } from './common';

export const mappingDirections = ['bidirectional', 'erpToCrm', 'crmToErp'] as const;
export const updateConflictPolicies = [
  'raiseError',
  'erpWins',
  'crmWins',
  'newestWins',
  'fieldMerge',
] as const;
export const deletionConflictPolicies = [
  'raiseError',
  'restore',
  'deleteSurvivor',
  'removeCoupling',
] as const;
export const syncModes = ['scheduled', 'live'] as const;

const oneOf = (field: string, values: readonly string[]) =>
  `${field} must be one of ${values.join(', ')}`;

export const mappingPatchSchema = z
  .object({
    direction: z.enum(mappingDirections, { error: oneOf('direction', mappingDirections) }),
    updateConflictPolicy: z.enum(updateConflictPolicies, {
      error: oneOf('updateConflictPolicy', updateConflictPolicies),
    }),
    deletionConflictPolicy: z.enum(deletionConflictPolicies, {
      error: oneOf('deletionConflictPolicy', deletionConflictPolicies),
    }),
    mode: z.enum(syncModes, { error: oneOf('mode', syncModes) }),
    scheduleMinutes: z
      .number({ error: 'scheduleMinutes must be a number' })
      .int('scheduleMinutes must be a whole number')
      .min(1, 'scheduleMinutes must be at least 1')
      .max(24 * 60, 'scheduleMinutes must be at most 1440 (one day)'),
    errorThreshold: z
      .number({ error: 'errorThreshold must be a number or null' })
      .int('errorThreshold must be a whole number')
      .min(1, 'errorThreshold must be at least 1')
      .nullable(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'patch must change at least one setting');

export type MappingPatch = z.infer<typeof mappingPatchSchema>;

export const mappingUpdateInputSchema = z.object({ id: idSchema('id'), patch: mappingPatchSchema });

export const pauseInputSchema = z.object({
  id: idSchema('id'),
  reason: z.string().trim().max(500, 'reason is at most 500 characters').optional(),
});
