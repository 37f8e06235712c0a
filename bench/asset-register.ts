/**
 * Shared definitions of the synthetic municipal asset register used by the benchmarks: its columns, the value
 * lists, and the kinds of bad values the generator plants. The contract (bench/asset-register.contract.yaml)
 * and the bare SQL pass (bench/bare-pass.ts) check exactly these.
 */
import { join } from 'node:path';

export const benchDir = import.meta.dirname;
export const defaultOutFile = join(benchDir, 'out', 'asset-register.csv');
export const contractFile = join(benchDir, 'asset-register.contract.yaml');

export const columns = [
  'asset_id',
  'asset_type',
  'wijk_code',
  'buurt_code',
  'postcode',
  'x',
  'y',
  'install_date',
  'condition_score',
  'last_inspection',
  'material',
  'owner_department',
  'replacement_cost',
  'status',
  'notes',
] as const;

/** Asset type → relative frequency, typical replacement cost range (euro) and materials. */
export const assetTypes = {
  kolk: { weight: 30, cost: [250, 900], materials: ['beton', 'gietijzer', 'kunststof'] },
  lichtmast: { weight: 18, cost: [900, 4500], materials: ['staal', 'aluminium', 'beton'] },
  boom: { weight: 20, cost: [400, 3500], materials: ['hout'] },
  verkeersbord: { weight: 10, cost: [150, 700], materials: ['aluminium', 'staal'] },
  bank: { weight: 5, cost: [600, 2500], materials: ['hout', 'staal', 'beton', 'kunststof'] },
  afvalbak: { weight: 6, cost: [300, 1500], materials: ['staal', 'kunststof', 'beton'] },
  speeltoestel: { weight: 3, cost: [2000, 45000], materials: ['hout', 'staal', 'kunststof'] },
  fietsenrek: { weight: 4, cost: [500, 6000], materials: ['staal'] },
  paal: { weight: 3, cost: [60, 400], materials: ['staal', 'hout', 'kunststof', 'natuursteen'] },
  brug: { weight: 1, cost: [50000, 2500000], materials: ['beton', 'staal', 'hout', 'natuursteen'] },
} as const;

export type AssetType = keyof typeof assetTypes;
export const assetTypeNames = Object.keys(assetTypes) as AssetType[];
export const materials = ['beton', 'gietijzer', 'kunststof', 'staal', 'aluminium', 'hout', 'natuursteen'] as const;
export const departments = ['openbare_ruimte', 'riolering', 'verkeer', 'groen', 'sport_en_spel', 'civiele_techniek'] as const;
export const statuses = ['actief', 'gepland', 'buiten_gebruik', 'verwijderd'] as const;

/** The area (RD New) and the plausible ranges the contract checks. */
export const area = { xMin: 179000, xMax: 186000, yMin: 571000, yMax: 583000 };
export const ranges = { xMin: 175000, xMax: 195000, yMin: 565000, yMax: 595000, costMax: 10_000_000, conditionMin: 1, conditionMax: 6 };

/** The kinds of bad value the generator plants, about 1 % of rows, one bad value per affected row. */
export const faults = [
  'bad_install_date', // 2019-13-45, 31-12-2019
  'future_install_date', // after today
  'bad_coordinate', // out of range or lat/long in an RD column
  'unknown_asset_type',
  'broken_postcode',
  'duplicate_id',
  'empty_required', // asset_id, asset_type, x or install_date empty
  'bad_asset_id', // wrong form
  'condition_out_of_range',
  'inspection_before_install',
  'bad_cost', // negative or decimal comma
  'unknown_status',
  'unknown_material',
  'unknown_department',
  'buurt_outside_wijk',
] as const;

export type Fault = (typeof faults)[number];
