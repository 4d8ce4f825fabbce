import { entitySets, type FieldSpec } from '../domain/entity-sets';

function edmType(field: FieldSpec): string {
  switch (field.kind) {
    case 'guid':
      return 'Edm.Guid';
    case 'datetime':
      return 'Edm.DateTimeOffset';
    case 'string':
    case 'code':
    case 'enum':
      return 'Edm.String';
    case 'decimal':
      return 'Edm.Decimal';
    case 'boolean':
      return 'Edm.Boolean';
  }
}

/** A CSDL document for the entity sets the mock serves (enough for tools that read $metadata). */
export function metadataXml(): string {
  const types = Object.values(entitySets)
    .map((spec) => {
      const props = Object.entries(spec.fields)
        .map(([name, f]) => {
          const max = 'maxLength' in f ? ` MaxLength="${f.maxLength}"` : '';
          const nullable = name === 'id' ? ' Nullable="false"' : '';
          return `<Property Name="${name}" Type="${edmType(f)}"${nullable}${max} />`;
        })
        .join('');
      return `<EntityType Name="${spec.typeName}"><Key><PropertyRef Name="id" /></Key>${props}</EntityType>`;
    })
    .join('');
  const sets = Object.values(entitySets)
    .map((spec) => `<EntitySet Name="${spec.name}" EntityType="Microsoft.NAV.${spec.typeName}" />`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="Microsoft.NAV" xmlns="http://docs.oasis-open.org/odata/ns/edm"><EntityType Name="company"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.Guid" Nullable="false" /><Property Name="name" Type="Edm.String" MaxLength="30" /><Property Name="displayName" Type="Edm.String" MaxLength="250" /></EntityType>${types}<EntityContainer Name="default"><EntitySet Name="companies" EntityType="Microsoft.NAV.company" />${sets}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
}

export function serviceDocument(origin: string) {
  return {
    '@odata.context': `${origin}/api/v2.0/$metadata`,
    value: [
      { name: 'companies', kind: 'EntitySet', url: 'companies' },
      ...Object.keys(entitySets).map((name) => ({ name, kind: 'EntitySet', url: name })),
      { name: 'subscriptions', kind: 'EntitySet', url: 'subscriptions' },
    ],
  };
}
