import {
  loadExpansions,
  rowToJson,
  visibleColumns,
  weakEtag,
  type EntitySetDef,
  type ExpandItem,
} from '@twinsync/odata-kit';
import type { Db, Row } from '../store/records';
import { model } from '../model';

/** The columns a response lists: `$select`ed ones plus the key (Dataverse always sends it). */
export function responseColumns(set: EntitySetDef, select: readonly string[] | undefined) {
  if (select === undefined) return visibleColumns(set);
  return select.includes(set.key) ? [...select] : [...select, set.key];
}

/** A stored row as Dataverse JSON: `@odata.etag` first, then the columns. */
export function recordJson(
  set: EntitySetDef,
  row: Row,
  select: readonly string[] | undefined,
): Record<string, unknown> {
  return {
    '@odata.etag': weakEtag(String(row['versionnumber'])),
    ...rowToJson(set, row, responseColumns(set, select)),
  };
}

/** Rows as JSON records, with what `$expand` asks for (loaded in a few `whereIn` queries). */
export async function recordsJson(
  db: Db,
  set: EntitySetDef,
  rows: readonly Row[],
  select: readonly string[] | undefined,
  expand: readonly ExpandItem[],
): Promise<Record<string, unknown>[]> {
  const out = rows.map((r) => recordJson(set, r, select));
  if (expand.length === 0 || rows.length === 0) return out;
  const expansions = await loadExpansions(db, set, rows, expand, (n) => model.get(n));
  for (const ex of expansions) {
    rows.forEach((row, i) => {
      const json = out[i];
      if (!json) return;
      if (ex.item.kind === 'lookup') {
        const value = row[ex.item.lookup.column];
        const target = typeof value === 'string' ? ex.single.get(value) : undefined;
        json[ex.item.navigation] = target ? recordJson(ex.target, target, ex.item.select) : null;
      } else {
        const list = ex.many.get(String(row[set.key])) ?? [];
        json[ex.item.navigation] = list.map((r) => recordJson(ex.target, r, ex.item.select));
      }
    });
  }
  return out;
}

/** `#accounts` or `#accounts(name,accountid)` for a `$select`. */
export function contextFragment(set: EntitySetDef, select: readonly string[] | undefined) {
  return select === undefined ? set.name : `${set.name}(${select.join(',')})`;
}
