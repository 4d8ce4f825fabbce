import type { Knex } from 'knex';
import type { Company } from '../repositories/companies';
import type { RecordService } from '../services/record-service';
import type { WriteContext } from '../services/change-events';
import type { Subscriptions } from '../webhooks/subscriptions';
import type { ListRecords } from '../query/list-records';

/** Everything the API routes need, built once per mock. */
export interface ApiDeps {
  db: Knex;
  records: RecordService;
  subscriptions: Subscriptions;
  listRecords: ListRecords;
  findCompany(db: Knex | Knex.Transaction, idOrName: string): Promise<Company | undefined>;
}

/** One API request: the parsed URL and where its writes go. */
export interface ApiRequest {
  req: Request;
  url: URL;
  write: WriteContext;
}
