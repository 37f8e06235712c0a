import { tenantAwsPorts } from '../adapters/aws/ports';
import { publishLink } from '../core/link/publish';
import { protectBuild } from '../core/privacy/publish-disclosed';
import { parseS3Uri } from '../core/keys';
import { quoteIdent } from '../core/sql/quote';
import { recordBuild } from '../core/versions';
import { publishVersion } from '../core/table-pointer';
import type { Ports } from '../core/ports';
import { type BuildStep, buildStep, type PublishOutput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

export class PublishError extends Error {
  override name = 'PublishError';
}

/**
 * The table moved on while this step was built on the version before (append, upsert): the state machine plans
 * the step again on the table as it is now (Catch → Plan in the integrate workflow).
 */
export class StaleVersionError extends PublishError {
  override name = 'StaleVersionError';
}

/**
 * Makes a build current: registers its Parquet folder as the table (the catalog entry is the pointer to the
 * current build) and records the version. A load's curated build moves the pointer by compare-and-swap
 * (core/table-pointer.ts); a model build whose checks failed is recorded as held back and the table keeps
 * pointing at the previous build.
 */
export const publish = defineFunction(buildStep, async (step, ports): Promise<PublishOutput> => {
  if (!step.table) throw new PublishError(`build step ${step.name} names no table to publish`);
  if (step.link) {
    const report = await publishLink(ports, { ...step, link: step.link, table: step.table });
    return { name: step.name, table: step.table.name, location: step.location, rowsIn: report.rowsIn, rowsOut: report.distinctKeys, published: true };
  }
  if (step.version) return publishLoad(ports, step, step.version);
  const check = step.check;
  const builtAt = ports.clock.now().toISOString();
  const tables = [{ name: step.table.name, columns: step.table.columns, location: step.location }, ...step.extraTables];
  // an analysis under disclosure control is published as its protected copy, or not at all (core/privacy)
  const protectedBuild = step.disclosure && (!check || check.passed) ? await protectBuild(ports, { ...step, disclosure: step.disclosure, table: step.table }) : undefined;
  if (protectedBuild?.published) tables[0] = { name: step.table.name, ...protectedBuild.published };
  const location = tables[0]?.location ?? step.location;
  const base = { name: step.name, table: step.table.name, location, rowsIn: step.rowsIn, ...(check ? { check } : {}) };
  if ((check && !check.passed) || protectedBuild?.withheld) {
    const failed = [...(check?.tests ?? []), ...(check?.reconciliations ?? [])].filter((t) => !t.passed).map((t) => t.message);
    if (protectedBuild?.withheld) failed.push(`kleine aantallen niet te beschermen: ${protectedBuild.withheld}`);
    for (const table of tables) {
      await recordBuild(ports.store, ports.buckets.lake, step.tenant, table.name, {
        runId: step.runId, location: table.location, columns: table.columns, rowsOut: check?.rowsOut ?? 0, builtAt, status: 'held_back', reason: failed.join('; '),
      });
    }
    return { ...base, rowsOut: check?.rowsOut ?? 0, published: false };
  }
  for (const table of tables) {
    await ports.catalog.putTable({
      database: step.database,
      name: table.name,
      columns: table.columns,
      locations: [table.location],
      storage: { format: 'parquet' },
      description: `${step.stage} ${step.name}, run ${step.runId}`,
    });
  }
  // the unprotected build is not kept beside its protected copy
  if (protectedBuild?.published) {
    const { bucket, key } = parseS3Uri(step.location);
    await ports.store.deletePrefix(bucket, key);
  }
  let rowsOut = check?.rowsOut;
  if (rowsOut === undefined) {
    const counted = await ports.engine.query(`select count(*) as row_count from ${quoteIdent(step.table.name)}`, { tenant: step.tenant, database: step.database });
    rowsOut = Number(counted.rows[0]?.row_count ?? 0);
  }
  // curated tables have their own history (loads); marts and results keep theirs here
  if (step.model) {
    for (const table of tables) {
      await recordBuild(ports.store, ports.buckets.lake, step.tenant, table.name, {
        runId: step.runId, location: table.location, columns: table.columns, rowsOut: table.name === step.table.name ? rowsOut : 0, builtAt, status: 'published',
      });
    }
  }
  return { ...base, rowsOut, published: true };
});

/** A load's curated build: the pointer moves only by the step's rule (core/table-pointer.ts). */
async function publishLoad(ports: Ports, step: BuildStep, version: NonNullable<BuildStep['version']>): Promise<PublishOutput> {
  const name = step.table?.name ?? step.name;
  const table = {
    database: step.database,
    name,
    columns: step.table?.columns ?? [],
    locations: [step.location],
    storage: { format: 'parquet' as const },
    description: `${step.stage} ${step.name}, run ${step.runId}`,
  };
  const out = { name: step.name, table: name, location: step.location, rowsIn: step.rowsIn };
  const { rule, basedOn, ...v } = version;
  const at = ports.clock.now().toISOString();
  const outcome = await publishVersion(ports.catalog, table, { ...v, ...(basedOn ? { basedOn } : {}), action: 'build', at }, rule === 'newest' ? { kind: 'newest' } : { kind: 'on', basedOn });
  if (!outcome.published && outcome.reason === 'stale') {
    throw new StaleVersionError(`${name} moved to ${outcome.current?.id ?? 'another version'} while ${version.id} was built on ${basedOn ?? 'nothing'}`);
  }
  if (!outcome.published) {
    // replace: a load of a later event was published meanwhile; this folder stays, unpublished
    return { ...out, rowsOut: 0, published: false, note: `${name}: a newer load (${outcome.current?.id ?? '?'}) is published; this older one is kept but not published` };
  }
  const counted = await ports.engine.query(`select count(*) as row_count from ${quoteIdent(name)}`, { tenant: step.tenant, database: step.database });
  return { ...out, rowsOut: Number(counted.rows[0]?.row_count ?? 0), published: true };
}

export const handler = edge(publish, (input) => tenantAwsPorts(input));
