import proj4 from 'proj4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { rdToWgs84, rdToWgs84Sql, wgs84ToRd, wgs84ToRdSql } from '../../../../core/geo/rd';
import { parseTrino } from '../../../../core/sql/trino';
import { duck, rows } from '../../../support/sql-duckdb';

const epsg28992 =
  '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 ' +
  '+ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await duck();
});

describe('RD New ↔ WGS84', () => {
  it('the shared SQL parses as Trino and gives the TypeScript twin on DuckDB', async () => {
    const wgs = rdToWgs84Sql('x', 'y');
    const rd = wgs84ToRdSql('lat', 'lon');
    const sql = `select ${wgs.lat} as lat, ${wgs.lon} as lon, ${rd.x} as rx, ${rd.y} as ry from (values (233_883e0, 582_065e0, 53.2193e0, 6.5665e0), (null, null, null, null)) as p (x, y, lat, lon)`;
    expect(parseTrino(sql.replaceAll('_', '')).errors).toEqual([]);
    const [row, empty] = await rows(conn, sql.replaceAll('_', ''));
    const ts = rdToWgs84(233_883, 582_065);
    expect(row!.lat).toBeCloseTo(ts.lat, 12);
    expect(row!.lon).toBeCloseTo(ts.lon, 12);
    expect(row!.rx).toBeCloseTo(wgs84ToRd(53.2193, 6.5665).x, 6);
    expect(empty).toEqual({ lat: null, lon: null, rx: null, ry: null });
  });

  it('is within a metre of proj4 (EPSG:28992 with towgs84) over the Netherlands, both ways', () => {
    const toWgs = proj4(epsg28992, 'WGS84');
    let worst = 0;
    for (let x = 15_000; x <= 275_000; x += 20_000) {
      for (let y = 305_000; y <= 615_000; y += 20_000) {
        const [lon, lat] = toWgs.forward([x, y]) as [number, number];
        const ours = rdToWgs84(x, y);
        const metres = Math.hypot((ours.lat - lat) * 111_250, (ours.lon - lon) * 111_250 * Math.cos((lat * Math.PI) / 180));
        const back = wgs84ToRd(lat, lon);
        worst = Math.max(worst, metres, Math.hypot(back.x - x, back.y - y));
      }
    }
    expect(worst).toBeGreaterThan(0.01); // an independent implementation, not the same formula
    expect(worst).toBeLessThan(1);
  });
});
