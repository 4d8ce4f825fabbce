import type { Knex } from 'knex';
import type { ColumnDef, EntitySetDef } from './entity-set';
import { fromStored } from './values';

function addColumn(t: Knex.CreateTableBuilder, name: string, c: ColumnDef, isKey: boolean) {
  let col: Knex.ColumnBuilder;
  switch (c.type) {
    case 'guid':
      col = t.string(name, 36);
      break;
    case 'string':
      col = (c.maxLength ?? 4000) > 4000 ? t.text(name) : t.string(name, c.maxLength ?? 4000);
      break;
    case 'int':
    case 'boolean':
      col = t.integer(name);
      break;
    case 'bigint':
      col = t.bigInteger(name);
      break;
    case 'decimal':
      col = t.double(name);
      break;
    case 'datetime':
      col = t.string(name, 30);
      break;
  }
  if (isKey) col.primary().notNullable();
}

/**
 * Creates the table of an entity set: one column per property, the key as primary key, indexes
 * on lookup columns and on the version column (change tracking and paging read by them).
 */
export async function createEntityTable(
  db: Knex | Knex.Transaction,
  set: EntitySetDef,
): Promise<void> {
  await db.schema.createTable(set.name, (t) => {
    for (const [name, c] of Object.entries(set.columns)) addColumn(t, name, c, name === set.key);
    for (const l of set.lookups ?? []) t.index([l.column], `${set.name}_${l.column}_idx`);
    if (set.versionColumn) t.index([set.versionColumn], `${set.name}_${set.versionColumn}_idx`);
  });
}

/** A SQL row → its JSON properties (only `columns`, in that order). */
export function rowToJson(
  set: EntitySetDef,
  row: Record<string, unknown>,
  columns: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of columns) {
    const c = Object.hasOwn(set.columns, name) ? set.columns[name] : undefined;
    if (c) out[name] = fromStored(c, row[name]);
  }
  return out;
}
