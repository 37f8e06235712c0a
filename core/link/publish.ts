import { readTenant } from '../config';
import { linkReportKey, reportFile, s3Uri } from '../keys';
import { linkCandidateTableName } from '../tables';
import type { Ports, TableColumn } from '../ports';
import { renderLinkReportHtml, renderLinkReportText } from '../report/link-report';
import type { Link } from '../../schemas/link';
import { buildLinkReport } from './build-report';
import type { LinkReport } from './report';

export class LinkMatchRateError extends Error {
  override name = 'LinkMatchRateError';
}

export interface LinkBuild {
  link: Link;
  tenant: string;
  database: string;
  runId: string;
  /** The link table's name and columns, and the folder the build step wrote. */
  table: { name: string; columns: TableColumn[] };
  location: string;
  /** The classification and year of the reference dataset's codes, when its contract names them. */
  reference?: LinkReport['reference'];
}

/**
 * Publishes a built link table: registers the new folder as link_<name>_candidate, writes the match report
 * (reports/<tenant>/links/<link>/run=<id>/report.json and .html, in the tenant's language), and only when the match rate reaches the link's
 * minimum points <table> at it. Below the minimum it throws with the report's text and <table> keeps its
 * previous folder.
 */
export async function publishLink(ports: Ports, build: LinkBuild): Promise<LinkReport> {
  const { link, tenant, database, runId, table, location } = build;
  const candidate = linkCandidateTableName(link.name);
  const definition = { database, columns: table.columns, locations: [location], storage: { format: 'parquet' as const } };
  await ports.catalog.putTable({ ...definition, name: candidate, description: `link ${link.name}, run ${runId}, before its match-rate check` });
  const report = { ...(await buildLinkReport(ports.engine, { link, tenant, database, runId, linkTable: candidate })), reference: build.reference, createdAt: ports.clock.now().toISOString() };
  const htmlKey = linkReportKey(tenant, link.name, runId, reportFile.html);
  // the tenant's language; a tenant file that cannot be read here has already been read by the run: the default
  const language = (await readTenant(ports.store, ports.buckets.lake, tenant).catch(() => undefined))?.language ?? 'nl';
  await ports.store.put({ bucket: ports.buckets.lake, key: linkReportKey(tenant, link.name, runId, reportFile.json) }, JSON.stringify(report, null, 2), 'application/json');
  await ports.store.put({ bucket: ports.buckets.lake, key: htmlKey }, renderLinkReportHtml(report, language), 'text/html; charset=utf-8');
  if (!report.passed) {
    throw new LinkMatchRateError(`${renderLinkReportText(report, language)}\n(${language === 'nl' ? 'rapport' : 'report'}: ${s3Uri(ports.buckets.lake, htmlKey)})`);
  }
  await ports.catalog.putTable({ ...definition, name: table.name, description: `link ${link.name}, run ${runId}` });
  return report;
}
