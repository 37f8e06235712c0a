/**
 * Shared definitions of the synthetic municipal asset register used by the benchmarks: its columns, the value
 * lists, and the kinds of bad values the generator plants. The contract (bench/asset-register.contract.yaml)
 * and the bare SQL pass (bench/bare-pass.ts) check exactly these.
 *
 * The register is kept narrow on purpose (~67 bytes a row, ~336 MB for five million rows): nine columns a
 * municipal asset register really has, written as registers export them (postcode without the space, RD
 * coordinates in whole metres, ISO dates, a decimal replacement cost with a decimal point).
 */
import { join } from 'node:path';

export const benchDir = import.meta.dirname;
export const defaultOutFile = join(benchDir, 'out', 'asset-register.csv');
export const contractFile = join(benchDir, 'asset-register.contract.yaml');

export const columns = [
  'asset_id',
  'asset_type',
  'wijk_code',
  'postcode',
  'x',
  'y',
  'install_date',
  'condition_score',
  'replacement_cost',
] as const;

/** Asset type → relative frequency, typical replacement cost range (euro). */
export const assetTypes = {
  kolk: { weight: 34, cost: [250, 900] },
  boom: { weight: 30, cost: [400, 3500] },
  lichtmast: { weight: 14, cost: [900, 4500] },
  verkeersbord: { weight: 8, cost: [150, 700] },
  bank: { weight: 3, cost: [600, 2500] },
  afvalbak: { weight: 4, cost: [300, 1500] },
  speeltoestel: { weight: 2, cost: [2000, 45000] },
  fietsenrek: { weight: 2, cost: [500, 6000] },
  paal: { weight: 2, cost: [60, 400] },
  brug: { weight: 1, cost: [50000, 2500000] },
} as const;

export type AssetType = keyof typeof assetTypes;
export const assetTypeNames = Object.keys(assetTypes) as AssetType[];

/** The area (RD New, Leeuwarden) the generator draws from and the plausible ranges the contract checks. */
export const area = { xMin: 179000, xMax: 186000, yMin: 571000, yMax: 583000 };
export const ranges = { xMin: 175000, xMax: 195000, yMin: 565000, yMax: 595000, costMax: 10_000_000, conditionMin: 1, conditionMax: 6 };

/** The kinds of bad value the generator plants, about 1 % of rows, one bad value per affected row. */
export const faults = [
  'bad_asset_id', // wrong form: AS123, as0000123, AS-0000123          → asset_id pattern
  'duplicate_id', // an earlier row's id                              → asset_id unique (both rows)
  'empty_required', // asset_id, asset_type, x or install_date empty  → not_null
  'unknown_asset_type', // lantaarnpaal, KOLK, …                      → asset_type accepted_values
  'unknown_wijk', // a district of another municipality (WK0363..)   → wijk_code pattern
  'broken_postcode', // 89111AB, 8911-AB, …                          → postcode type
  'postcode_elsewhere', // a valid postcode outside Leeuwarden (warn) → postcode pattern
  'bad_coordinate', // out of range or lat/long in an RD column       → x/y type or range
  'bad_install_date', // 2019-13-45, 31-12-2019, onbekend             → install_date type
  'future_install_date', // after today                             → install_date expression
  'ancient_install_date', // before 1900                            → install_date expression
  'condition_out_of_range', // 0, 7, 9, -1, goed                     → condition_score type or range
  'missing_condition', // no score for an asset older than 2024 (warn) → condition_score expression
  'unsafe_play_equipment', // play equipment in condition 6 (warn)   → condition_score expression
  'bad_cost', // negative, decimal comma, n.v.t., too large         → replacement_cost type or range
  'cheap_bridge', // a bridge under 10 000 euro (warn)               → replacement_cost expression
] as const;

export type Fault = (typeof faults)[number];

/** Faults that only raise a warning: the row is kept (not counted as rejected). */
export const warnFaults: readonly Fault[] = ['postcode_elsewhere', 'missing_condition', 'unsafe_play_equipment', 'cheap_bridge'];
