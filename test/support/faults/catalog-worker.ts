import { LocalCatalog } from '../../../adapters/local/local-catalog';
import { whenGo } from './worker';

/** Registers `count` tables named t_<tag>_<i> in one database, each its own read-modify-write. */
const [workspace, tag, count] = process.argv.slice(2) as [string, string, string];
const catalog = new LocalCatalog(workspace);
await whenGo(async () => {
  for (let i = 0; i < Number(count); i++) {
    await catalog.putTable({
      database: 'polder_race',
      name: `t_${tag}_${i}`,
      columns: [{ name: 'id', type: 'bigint' }],
      locations: [`s3://lake/curated/race/t_${tag}_${i}/`],
      storage: { format: 'parquet' },
    });
  }
  return count;
});
