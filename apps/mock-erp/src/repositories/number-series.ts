import type { EntitySetSpec } from '../domain/entity-sets';
import { formatNumber, nextValue } from '../domain/number-series';
import type { Db } from './records';

/**
 * Number series per company and entity set, kept in memory and rebuilt from the stored numbers on
 * first use (so a SQLite file survives restarts without a counter table). Drawing costs no query;
 * a number a client already took is detected by the insert's unique key and the caller draws
 * again. A rolled-back transaction leaves a gap, which BC series may have as well.
 */
export function createNumberSeries() {
  const last = new Map<string, number | undefined>();
  const key = (spec: EntitySetSpec, companyId: string) => `${companyId}/${spec.name}`;

  async function load(db: Db, spec: EntitySetSpec, companyId: string): Promise<number | undefined> {
    const k = key(spec, companyId);
    if (last.has(k)) return last.get(k);
    const { prefix, digits } = spec.numberSeries;
    const pattern = new RegExp(`^${prefix}(\\d{${digits},})$`);
    const rows = await db<{ companyId: string; number: string }>(spec.name)
      .where({ companyId })
      .select('number');
    let max: number | undefined;
    for (const { number } of rows) {
      const m = pattern.exec(number);
      if (m?.[1]) max = Math.max(max ?? 0, Number(m[1]));
    }
    last.set(k, max);
    return max;
  }

  return {
    /** The next number of the series. */
    async draw(db: Db, spec: EntitySetSpec, companyId: string): Promise<string> {
      const value = nextValue(spec, await load(db, spec, companyId));
      last.set(key(spec, companyId), value);
      return formatNumber(spec, value);
    },
    /** `count` numbers at once, skipping numbers already stored (used by the seed). */
    async drawMany(
      db: Db,
      spec: EntitySetSpec,
      companyId: string,
      count: number,
    ): Promise<string[]> {
      let value = await load(db, spec, companyId);
      const used = new Set(
        (
          await db<{ companyId: string; number: string }>(spec.name)
            .where({ companyId })
            .select('number')
        ).map((r) => r.number),
      );
      const numbers: string[] = [];
      while (numbers.length < count) {
        value = nextValue(spec, value);
        const candidate = formatNumber(spec, value);
        if (!used.has(candidate)) numbers.push(candidate);
      }
      last.set(key(spec, companyId), value);
      return numbers;
    },
    /** Forgets every counter (after a reset the series start again). */
    forget: () => last.clear(),
  };
}

export type NumberSeries = ReturnType<typeof createNumberSeries>;
