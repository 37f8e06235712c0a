import type { Texts } from '../worded-error';
import { rdToWgs84Sql, wgs84ToRdSql } from '../geo/rd';
import type { Contract } from '../../schemas/contract';
import type { TableColumn } from '../ports';
import { quoteIdent } from '../sql/quote';
import { privacyOf } from './privacy';

/**
 * RD New and WGS84 both available in the curated table: a contract that declares `coordinates` gets the other
 * system's pair computed in the curated query (core/geo/rd.ts, shared SQL): `lat`/`lon` beside RD x/y, `rd_x`/`rd_y`
 * beside WGS84 longitude/latitude. From the curated values, so a generalised position stays generalised.
 */

export const derivedNames = { rd: ['lat', 'lon'], wgs84: ['rd_x', 'rd_y'] } as const;

const expectedTypes = { rd: ['rd_x', 'rd_y'], wgs84: ['longitude', 'latitude'] } as const;

export function coordinateColumns(contract: Contract): TableColumn[] {
  const c = contract.coordinates;
  if (!c) return [];
  return derivedNames[c.crs].map((name) => ({ name, type: 'double' }));
}

/** `<expr> as <name>` for each derived column, given the curated SQL expressions of the declared x and y. */
export function coordinateOutputs(contract: Contract, curated: (column: string) => string): string[] {
  const c = contract.coordinates;
  if (!c) return [];
  const [x, y] = [curated(c.x), curated(c.y)];
  if (c.crs === 'rd') {
    const wgs = rdToWgs84Sql(x, y);
    return [`${wgs.lat} as ${quoteIdent('lat')}`, `${wgs.lon} as ${quoteIdent('lon')}`];
  }
  const rd = wgs84ToRdSql(y, x);
  return [`${rd.x} as ${quoteIdent('rd_x')}`, `${rd.y} as ${quoteIdent('rd_y')}`];
}

/** What a `coordinates` declaration cannot be (for crossChecks), in both languages. */
export function coordinateProblems(contract: Contract): Texts[] {
  const c = contract.coordinates;
  if (!c) return [];
  const problems: Texts[] = [];
  const types = expectedTypes[c.crs];
  (['x', 'y'] as const).forEach((axis, i) => {
    const at = `coordinates.${axis}`;
    const col = contract.columns.find((column) => column.name === c[axis]);
    if (!col) problems.push({ nl: `${at}: "${c[axis]}" is geen kolom van het contract; noem een kolom uit columns`, en: `${at}: "${c[axis]}" is not a column` });
    else if (col.type !== types[i]) {
      problems.push({
        nl: `${at}: "${c[axis]}" heeft type ${col.type}; crs ${c.crs} vraagt ${types[i]}: pas het type of crs aan`,
        en: `${at}: "${c[axis]}" has type ${col.type}; crs ${c.crs} wants ${types[i]}`,
      });
    } else if (privacyOf(col) === 'drop' || privacyOf(col) === 'pseudonymise') {
      const dropped = privacyOf(col) === 'drop';
      problems.push({
        nl: `${at}: "${c[axis]}" wordt ${dropped ? 'weggelaten' : 'gepseudonimiseerd'}, dus er is geen positie uit te berekenen; kies een andere privacy voor die kolom of haal coordinates weg`,
        en: `${at}: "${c[axis]}" is ${dropped ? 'dropped' : 'pseudonymised'}, so no position can be computed from it`,
      });
    }
  });
  for (const name of derivedNames[c.crs]) {
    if (contract.columns.some((column) => column.name === name)) {
      problems.push({
        nl: `coordinates: de berekende kolom "${name}" is ook een kolom van het contract; geef die kolom een andere naam`,
        en: `coordinates: the computed column "${name}" is also a contract column; rename that column`,
      });
    }
  }
  return problems;
}
