import type { EntitySetSpec } from '../domain/entity-sets';
import { formatNumber, nextValue } from '../domain/number-series';
import { numberExists, type Db } from './records';

interface NumberSeriesRow {
  companyId: string;
  entitySet: string;
  lastUsed: number;
}

/**
 * Draws the next free number of the entity set's series in a company. Numbers that clients
 * already chose themselves are skipped (BC would fail the insert; see ADR 003).
 */
export async function drawNumber(db: Db, spec: EntitySetSpec, companyId: string): Promise<string> {
  const row = await db<NumberSeriesRow>('number_series')
    .where({ companyId, entitySet: spec.name })
    .first();
  let value = nextValue(spec, row?.lastUsed);
  while (await numberExists(db, spec, companyId, formatNumber(spec, value))) {
    value = nextValue(spec, value);
  }
  await db('number_series')
    .insert({ companyId, entitySet: spec.name, lastUsed: value })
    .onConflict(['companyId', 'entitySet'])
    .merge({ lastUsed: value });
  return formatNumber(spec, value);
}

/** Reserves `count` numbers at once, skipping numbers already in use (used by the seed). */
export async function drawNumbers(
  db: Db,
  spec: EntitySetSpec,
  companyId: string,
  count: number,
): Promise<string[]> {
  const row = await db<NumberSeriesRow>('number_series')
    .where({ companyId, entitySet: spec.name })
    .first();
  const used = new Set(
    (
      await db<{ companyId: string; number: string }>(spec.name)
        .where({ companyId })
        .select('number')
    ).map((r) => r.number),
  );
  const numbers: string[] = [];
  let last = row?.lastUsed;
  while (numbers.length < count) {
    last = nextValue(spec, last);
    const candidate = formatNumber(spec, last);
    if (!used.has(candidate)) numbers.push(candidate);
  }
  if (last !== undefined) {
    await db('number_series')
      .insert({ companyId, entitySet: spec.name, lastUsed: last })
      .onConflict(['companyId', 'entitySet'])
      .merge({ lastUsed: last });
  }
  return numbers;
}
