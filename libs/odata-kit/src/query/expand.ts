import type { Knex } from 'knex';
import type { EntitySetDef } from '../schema/entity-set';
import type { ExpandItem } from './options';
import type { Row } from './page-reader';

/** Reads the records a chunk of rows expands to, in batches of `whereIn` (no per-row query). */
export interface ExpandResult {
  item: ExpandItem;
  target: EntitySetDef;
  /** Lookup: target key → row. Collection: this row's key → rows. */
  single: Map<string, Row>;
  many: Map<string, Row[]>;
}

function chunksOf<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Loads what `$expand` asks for the given rows: lookups by the rows' lookup values, collections by
 * the rows' keys. `setByName` resolves the related entity set.
 */
export async function loadExpansions(
  db: Knex | Knex.Transaction,
  set: EntitySetDef,
  rows: readonly Row[],
  expand: readonly ExpandItem[],
  setByName: (name: string) => EntitySetDef | undefined,
): Promise<ExpandResult[]> {
  const results: ExpandResult[] = [];
  for (const item of expand) {
    const targetName = item.kind === 'lookup' ? item.lookup.target : item.collection.source;
    const target = setByName(targetName);
    if (!target) continue;
    const single = new Map<string, Row>();
    const many = new Map<string, Row[]>();
    if (item.kind === 'lookup') {
      const ids = [
        ...new Set(
          rows.map((r) => r[item.lookup.column]).filter((v): v is string => typeof v === 'string'),
        ),
      ];
      for (const part of chunksOf(ids, 500)) {
        for (const r of (await db(target.name).whereIn(target.key, part)) as Row[]) {
          single.set(String(r[target.key]), r);
        }
      }
    } else {
      const ids = rows.map((r) => String(r[set.key]));
      const column = item.collection.column;
      for (const part of chunksOf(ids, 500)) {
        const found = (await db(target.name).whereIn(column, part).orderBy(target.key)) as Row[];
        for (const r of found) {
          const owner = String(r[column]);
          const list = many.get(owner) ?? [];
          list.push(r);
          many.set(owner, list);
        }
      }
    }
    results.push({ item, target, single, many });
  }
  return results;
}
