import { z } from 'zod';
import { idSchema, sideSchema } from './common';
import { errorFilterSchema } from './errors';

/** Which records an action applies to: chosen errors, chosen couplings, or every error matching a filter. */
export const actionTargetSchema = z.discriminatedUnion(
  'by',
  [
    z.object({
      by: z.literal('errors'),
      errorIds: z
        .array(idSchema('target.errorIds[]'))
        .min(1, 'target.errorIds must name at least one error')
        .max(50_000),
    }),
    z.object({
      by: z.literal('couplings'),
      couplingIds: z
        .array(idSchema('target.couplingIds[]'))
        .min(1, 'target.couplingIds must name at least one coupling')
        .max(50_000),
    }),
    z.object({ by: z.literal('filter'), filter: errorFilterSchema }),
  ],
  { error: 'target.by must be errors, couplings or filter' },
);

export type ActionTargetInput = z.infer<typeof actionTargetSchema>;

export const synchronizeChoiceSchema = z.union(
  [
    z.object({ winner: sideSchema }),
    z.object({
      fields: z
        .record(z.string().min(1, 'choice.fields keys must be field names'), sideSchema)
        .refine((r) => Object.keys(r).length > 0, 'choice.fields must choose at least one field'),
    }),
  ],
  { error: 'choice must be { winner: erp|crm } or { fields: { <field>: erp|crm } }' },
);

export const plainActionInputSchema = z.object({ target: actionTargetSchema });

export const synchronizeInputSchema = z.object({
  target: actionTargetSchema,
  choice: synchronizeChoiceSchema,
});

export const previewSynchronizeInputSchema = z.object({
  couplingId: idSchema('couplingId'),
  choice: synchronizeChoiceSchema,
});

export const coupleInputSchema = z.object({
  mappingId: idSchema('mappingId'),
  erpId: idSchema('erpId'),
  crmId: idSchema('crmId'),
});
