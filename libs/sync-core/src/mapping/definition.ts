import { effectiveDirection } from './flow';
import {
  deletionPolicies,
  directions,
  fieldMergeRules,
  fieldTypes,
  filterOperators,
  updateConflictPolicies,
  type TableMapping,
} from './types';

/** One thing wrong with a mapping definition, at a path such as `fields[2].direction`. */
export interface DefinitionProblem {
  path: string;
  message: string;
}

/** A malformed mapping definition; the message names every offending field. */
export class MappingDefinitionError extends Error {
  override readonly name = 'MappingDefinitionError';
  constructor(
    readonly mappingId: string,
    readonly problems: readonly DefinitionProblem[],
  ) {
    super(
      `Mapping '${mappingId}' is malformed: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    );
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isName = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Every problem of a mapping definition (possibly read from JSON), empty when it is sound. */
export function mappingProblems(def: unknown): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isObj(def)) return [{ path: '(mapping)', message: 'must be an object' }];
  for (const key of ['id', 'name', 'erpEntity', 'crmEntity'] as const)
    if (!isName(def[key])) add(key, 'must be a non-empty string');
  const oneOf = (path: string, value: unknown, allowed: readonly string[]) => {
    if (typeof value !== 'string' || !allowed.includes(value))
      add(path, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  };
  oneOf('direction', def['direction'], directions);
  oneOf('updateConflictPolicy', def['updateConflictPolicy'], updateConflictPolicies);
  oneOf('deletionPolicy', def['deletionPolicy'], deletionPolicies);
  if (typeof def['syncOnlyCoupled'] !== 'boolean') add('syncOnlyCoupled', 'must be true or false');

  const thresholds = def['errorThresholds'];
  if (!isObj(thresholds)) add('errorThresholds', 'must be an object');
  else {
    const rate = thresholds['maxFailureRate'];
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
      add('errorThresholds.maxFailureRate', 'must be a number from 0 to 1');
    for (const key of ['minRecords', 'maxOpenErrors'] as const) {
      const n = thresholds[key];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
        add(`errorThresholds.${key}`, 'must be a whole number ≥ 0');
    }
  }

  const filters = def['filters'];
  if (!isObj(filters)) add('filters', 'must be an object with erp and crm lists');
  else
    for (const side of ['erp', 'crm'] as const) {
      const list = filters[side];
      if (!Array.isArray(list)) {
        add(`filters.${side}`, 'must be a list');
        continue;
      }
      list.forEach((f: unknown, i) => {
        const path = `filters.${side}[${i}]`;
        if (!isObj(f)) return add(path, 'must be an object');
        if (!isName(f['field'])) add(`${path}.field`, 'must be a non-empty string');
        oneOf(`${path}.op`, f['op'], filterOperators);
        const v = f['value'];
        if (v !== null && !['string', 'number', 'boolean'].includes(typeof v))
          add(`${path}.value`, 'must be a string, number, boolean or null');
      });
    }

  const constants = def['constants'];
  if (!isObj(constants) || !isObj(constants['erp']) || !isObj(constants['crm']))
    add('constants', 'must be an object with erp and crm objects');

  const names = new Set<string>();
  const fields = def['fields'];
  if (!Array.isArray(fields) || fields.length === 0) add('fields', 'must be a non-empty list');
  else
    fields.forEach((f: unknown, i) => {
      const path = `fields[${i}]`;
      if (!isObj(f)) return add(path, 'must be an object');
      const name = f['name'];
      const at = isName(name) ? `fields[${i}] (${name})` : path;
      if (!isName(name)) add(`${path}.name`, 'must be a non-empty string');
      else if (names.has(name)) add(`${at}.name`, `duplicates the field '${name}'`);
      else names.add(name);
      oneOf(`${at}.type`, f['type'], fieldTypes);
      oneOf(`${at}.direction`, f['direction'], directions);
      if (
        typeof def['direction'] === 'string' &&
        typeof f['direction'] === 'string' &&
        directions.includes(def['direction'] as never) &&
        directions.includes(f['direction'] as never) &&
        effectiveDirection(def['direction'] as never, f['direction'] as never) === null
      )
        add(`${at}.direction`, `points against the table direction ${String(def['direction'])}`);
      if (f['mergeRule'] !== undefined) oneOf(`${at}.mergeRule`, f['mergeRule'], fieldMergeRules);
      for (const side of ['erp', 'crm'] as const) {
        const b = f[side];
        if (b === null) continue;
        if (!isObj(b) || !isName(b['field'])) {
          add(`${at}.${side}`, 'must be null or { field: <raw property name> }');
          continue;
        }
        const t = b['transform'];
        if (
          t !== undefined &&
          !(isObj(t) && typeof t['read'] === 'function' && typeof t['write'] === 'function')
        )
          add(`${at}.${side}.transform`, 'must have read and write functions');
      }
      if (f['erp'] === null && f['crm'] === null) add(at, 'is bound to neither app');
      const rules = f['rules'];
      if (rules !== undefined && !Array.isArray(rules)) add(`${at}.rules`, 'must be a list');
      if (Array.isArray(rules))
        rules.forEach((r: unknown, j) => {
          const rp = `${at}.rules[${j}]`;
          if (!isObj(r)) return add(rp, 'must be an object');
          const num = (key: string) => {
            if (typeof r[key] !== 'number' || !Number.isFinite(r[key]))
              add(`${rp}.${key}`, 'must be a finite number');
          };
          if (r['side'] !== undefined) oneOf(`${rp}.side`, r['side'], ['erp', 'crm']);
          switch (r['kind']) {
            case 'required':
              return;
            case 'maxLength':
            case 'max':
              num('max');
              if (
                r['kind'] === 'maxLength' &&
                !(Number.isInteger(r['max']) && Number(r['max']) > 0)
              )
                add(`${rp}.max`, 'must be a whole number > 0');
              return;
            case 'min':
              return num('min');
            case 'pattern':
              if (!(r['pattern'] instanceof RegExp)) add(`${rp}.pattern`, 'must be a RegExp');
              if (!isName(r['message'])) add(`${rp}.message`, 'must be a non-empty string');
              return;
            case 'oneOf':
              if (!Array.isArray(r['values']) || r['values'].length === 0)
                add(`${rp}.values`, 'must be a non-empty list');
              return;
            default:
              add(`${rp}.kind`, `is not a known rule (got ${JSON.stringify(r['kind'])})`);
          }
        });
    });

  const known = (path: string, value: unknown) => {
    if (value === null) return;
    if (!isName(value)) add(path, 'must be a field name or null');
    else if (!names.has(value)) add(path, `names no mapped field ('${value}')`);
  };
  known('numberField', def['numberField']);
  known('nameField', def['nameField']);
  const match = def['matchFields'];
  if (!Array.isArray(match)) add('matchFields', 'must be a list');
  else match.forEach((m: unknown, i) => known(`matchFields[${i}]`, m));
  return problems;
}

/** Returns the definition when sound; otherwise throws a MappingDefinitionError naming the fields. */
export function defineMapping(def: TableMapping): TableMapping {
  const problems = mappingProblems(def);
  if (problems.length > 0) {
    const id = isObj(def) && isName((def as Obj)['id']) ? String((def as Obj)['id']) : '?';
    throw new MappingDefinitionError(id, problems);
  }
  return def;
}
