// Done-when check (manual, not a test: the police and Inside Airbnb extracts are not bundled): the neighbourhood
// names of the crime file linked to the holiday-rental listings' neighbourhoods by the fuzzy_name link, with
// the match report as the pipeline writes it. Run: npm run check:neighbourhood-names [-- <crime.csv> <listings.csv>]
import { DuckDBInstance } from '@duckdb/node-api';
import { buildLinkReport } from '../core/link/build-report';
import { linkSelect } from '../core/link/sql';
import type { QueryEngine } from '../core/ports';
import { renderLinkReportText } from '../core/report/link-report';
import { compatStatements } from '../adapters/local/duckdb-compat';
import { quoteString } from '../core/sql/quote';
import { linkTableName } from '../core/tables';
import { link } from '../schemas/link';

const crimeCsv = process.argv[2] ?? '/work/shared/data/crime/amsterdam_police_crime_per_neighbourhood_2021_summarized_opgeROBt.csv';
const listingsCsv = process.argv[3] ?? '/work/shared/data/airbnb_amsterdam/listings_summary_amsterdam_opgeROBt.csv';

const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await db.connect();
for (const s of compatStatements()) await conn.run(s);
await conn.run(`create table crime as select "Neighborhoods" as neighbourhood, * exclude ("Neighborhoods") from read_csv(${quoteString(crimeCsv)}, header = true, all_varchar = true)`);
await conn.run(`create table listings as select * from read_csv(${quoteString(listingsCsv)}, header = true, all_varchar = true)`);

const engine: QueryEngine = {
  keepsFileOrder: true,
  query: async (sql) => ({ queryId: 'check', columns: [], rows: (await conn.runAndReadAll(sql)).getRowObjectsJS() as never }),
};
// both ways: crime names to the listings' neighbourhoods, and the listings' neighbourhoods to crime names
for (const [from, to] of [['crime', 'listings'], ['listings', 'crime']] as const) {
  const nameLink = link.parse({
    name: `${from}_neighbourhood`,
    method: 'fuzzy_name',
    max_edits: 2,
    min_match_rate: 0.9,
    from: { dataset: from, column: 'neighbourhood' },
    to: { dataset: to, key: 'neighbourhood' },
  });
  await conn.run(`create table ${linkTableName(nameLink.name)} as ${linkSelect(nameLink)}`);
  const report = await buildLinkReport(engine, { link: nameLink, tenant: 'amsterdam', database: 'local', runId: 'check', linkTable: linkTableName(nameLink.name) });
  console.log(renderLinkReportText(report, process.env.POLDER_LANG === 'en' ? 'en' : 'nl'), '\n');
}
