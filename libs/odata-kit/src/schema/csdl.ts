import type { ColumnType, EntitySetDef } from './entity-set';

const edmType: Record<ColumnType, string> = {
  guid: 'Edm.Guid',
  string: 'Edm.String',
  int: 'Edm.Int32',
  bigint: 'Edm.Int64',
  decimal: 'Edm.Decimal',
  boolean: 'Edm.Boolean',
  datetime: 'Edm.DateTimeOffset',
};

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

export interface CsdlOptions {
  namespace: string;
  containerName: string;
  /** Schema alias (Dataverse: 'mscrm'). */
  alias?: string;
  sets: readonly EntitySetDef[];
}

/** `$metadata` as CSDL XML (OData v4) derived from the entity-set descriptions. */
export function buildCsdl({ namespace, containerName, alias, sets }: CsdlOptions): string {
  const byName = new Map(sets.map((s) => [s.name, s]));
  const types = sets.map((s) => {
    const props = Object.entries(s.columns).map(([name, c]) => {
      const attrs = [`Name="${esc(name)}"`, `Type="${edmType[c.type]}"`];
      if (name === s.key || c.nullable === false) attrs.push('Nullable="false"');
      if (c.type === 'string' && c.maxLength !== undefined)
        attrs.push(`MaxLength="${c.maxLength}"`);
      return `        <Property ${attrs.join(' ')} />`;
    });
    const navs = [
      ...(s.lookups ?? []).map((l) => {
        const target = byName.get(l.target);
        return `        <NavigationProperty Name="${esc(l.navigation)}" Type="${esc(namespace)}.${esc(target?.entityType ?? l.target)}" />`;
      }),
      ...(s.collections ?? []).map((c) => {
        const source = byName.get(c.source);
        return `        <NavigationProperty Name="${esc(c.navigation)}" Type="Collection(${esc(namespace)}.${esc(source?.entityType ?? c.source)})" />`;
      }),
    ];
    return [
      `      <EntityType Name="${esc(s.entityType)}">`,
      `        <Key><PropertyRef Name="${esc(s.key)}" /></Key>`,
      ...props,
      ...navs,
      '      </EntityType>',
    ].join('\n');
  });
  const entitySets = sets.map((s) => {
    const bindings = [
      ...(s.lookups ?? []).map((l) => ({ path: l.navigation, target: l.target })),
      ...(s.collections ?? []).map((c) => ({ path: c.navigation, target: c.source })),
    ].map(
      (b) =>
        `          <NavigationPropertyBinding Path="${esc(b.path)}" Target="${esc(b.target)}" />`,
    );
    return bindings.length === 0
      ? `        <EntitySet Name="${esc(s.name)}" EntityType="${esc(namespace)}.${esc(s.entityType)}" />`
      : [
          `        <EntitySet Name="${esc(s.name)}" EntityType="${esc(namespace)}.${esc(s.entityType)}">`,
          ...bindings,
          '        </EntitySet>',
        ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    `    <Schema Namespace="${esc(namespace)}"${alias === undefined ? '' : ` Alias="${esc(alias)}"`} xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...types,
    `      <EntityContainer Name="${esc(containerName)}">`,
    ...entitySets,
    '      </EntityContainer>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}

/** The OData service document: the entity sets at the service root. */
export function serviceDocument(contextUrl: string, sets: readonly EntitySetDef[]) {
  return {
    '@odata.context': contextUrl,
    value: sets.map((s) => ({ name: s.name, kind: 'EntitySet', url: s.name })),
  };
}
