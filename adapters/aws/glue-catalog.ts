import {
  CreateTableCommand,
  DeleteTableCommand,
  GetTableCommand,
  type GlueClient,
  paginateGetTableVersions,
  type Table,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import type { Catalog, TableDefinition } from '../../core/ports';
import { errorMessage, errorName } from './aws-error';
import { fromGlueTable, toTableInput } from './glue-table-input';

export class GlueCatalogError extends Error {
  override name = 'GlueCatalogError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Catalog on Glue: tables in the tenant database (created by the tenant stack), mapped by glue-table-input. */
export class GlueCatalog implements Catalog {
  constructor(private readonly client: GlueClient) {}

  async putTable(table: TableDefinition): Promise<void> {
    const where = `${table.database}.${table.name}`;
    let input;
    try {
      input = toTableInput(table);
    } catch (error) {
      throw new GlueCatalogError(`cannot register ${where}: ${errorMessage(error)}`, { cause: error });
    }
    try {
      await this.client.send(new CreateTableCommand({ DatabaseName: table.database, TableInput: input }));
      return;
    } catch (error) {
      // Create first: most tables are new, and it spares a GetTable for every call.
      if (errorName(error) !== 'AlreadyExistsException') {
        throw new GlueCatalogError(`cannot create table ${where}: ${errorMessage(error)}`, { cause: error });
      }
    }
    try {
      // Archived: the table versions are the history of a published table (core/table-pointer.ts). Tables of one load
      // are created once and deleted, so they pile up no versions.
      await this.client.send(new UpdateTableCommand({ DatabaseName: table.database, TableInput: input }));
    } catch (error) {
      throw new GlueCatalogError(`cannot update table ${where}: ${errorMessage(error)}`, { cause: error });
    }
  }

  async swapTable(table: TableDefinition, expect: (current: TableDefinition | undefined) => boolean): Promise<boolean> {
    const where = `${table.database}.${table.name}`;
    const input = toTableInput(table);
    // Optimistic: read the version, decide, write only at that version; another writer in between → read again.
    for (let attempt = 1; ; attempt++) {
      const current = await this.readTable(table.database, table.name);
      if (!expect(current && fromGlueTable(table.database, current))) return false;
      try {
        if (!current) await this.client.send(new CreateTableCommand({ DatabaseName: table.database, TableInput: input }));
        else {
          await this.client.send(
            new UpdateTableCommand({ DatabaseName: table.database, TableInput: input, VersionId: current.VersionId }),
          );
        }
        return true;
      } catch (error) {
        const raced = ['AlreadyExistsException', 'ConcurrentModificationException'].includes(errorName(error) ?? '');
        if (!raced || attempt >= 10) throw new GlueCatalogError(`cannot swap table ${where}: ${errorMessage(error)}`, { cause: error });
      }
    }
  }

  async deleteTable(database: string, name: string): Promise<void> {
    try {
      await this.client.send(new DeleteTableCommand({ DatabaseName: database, Name: name }));
    } catch (error) {
      if (errorName(error) === 'EntityNotFoundException') return;
      throw new GlueCatalogError(`cannot delete table ${database}.${name}: ${errorMessage(error)}`, { cause: error });
    }
  }

  async tableHistory(database: string, name: string): Promise<TableDefinition[]> {
    const versions: { id: number; table: Table }[] = [];
    try {
      for await (const page of paginateGetTableVersions({ client: this.client }, { DatabaseName: database, TableName: name })) {
        for (const v of page.TableVersions ?? []) if (v.Table) versions.push({ id: Number(v.VersionId ?? 0), table: v.Table });
      }
    } catch (error) {
      if (errorName(error) === 'EntityNotFoundException') return [];
      throw new GlueCatalogError(`cannot read the versions of ${database}.${name}: ${errorMessage(error)}`, { cause: error });
    }
    return versions.sort((a, b) => a.id - b.id).map((v) => fromGlueTable(database, v.table));
  }

  async getTable(database: string, name: string): Promise<TableDefinition | undefined> {
    const table = await this.readTable(database, name);
    return table && fromGlueTable(database, table);
  }

  private async readTable(database: string, name: string): Promise<Table | undefined> {
    try {
      const out = await this.client.send(new GetTableCommand({ DatabaseName: database, Name: name }));
      return out.Table;
    } catch (error) {
      if (errorName(error) === 'EntityNotFoundException') return undefined;
      throw new GlueCatalogError(`cannot read table ${database}.${name}: ${errorMessage(error)}`, { cause: error });
    }
  }
}
