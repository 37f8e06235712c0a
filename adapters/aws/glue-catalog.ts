import { CreateTableCommand, DeleteTableCommand, GetTableCommand, type GlueClient, UpdateTableCommand } from '@aws-sdk/client-glue';
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
      // raw_<dataset> is re-pointed at every load; archiving each version would pile up table versions.
      await this.client.send(
        new UpdateTableCommand({ DatabaseName: table.database, TableInput: input, SkipArchive: true }),
      );
    } catch (error) {
      throw new GlueCatalogError(`cannot update table ${where}: ${errorMessage(error)}`, { cause: error });
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

  async getTable(database: string, name: string): Promise<TableDefinition | undefined> {
    try {
      const out = await this.client.send(new GetTableCommand({ DatabaseName: database, Name: name }));
      return out.Table ? fromGlueTable(database, out.Table) : undefined;
    } catch (error) {
      if (errorName(error) === 'EntityNotFoundException') return undefined;
      throw new GlueCatalogError(`cannot read table ${database}.${name}: ${errorMessage(error)}`, { cause: error });
    }
  }
}
