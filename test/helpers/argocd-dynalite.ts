import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbArgoStateStore } from '../../lib/argocd/state/dynamodb-state-store.js';
import { argoStateTableDefinition } from '../../lib/argocd/state/dynamodb-table.js';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: { createTableMs?: number; deleteTableMs?: number }) => Server;

/** A running dynalite server with the Argo CD state table. */
export interface ArgoDynalite {
  client: DynamoDBClient;
  /** A store on a fresh table (each call creates a new table, so tests don't share state). */
  newStore(): Promise<DynamoDbArgoStateStore>;
  close(): Promise<void>;
}

/**
 * Starts dynalite (a real DynamoDB-compatible server, in memory) on 127.0.0.1 with an ephemeral
 * port and returns an SDK client pointed at it. dynalite has no UpdateTimeToLive, so the TTL
 * half of the table definition is not applied (the store filters expired items itself).
 */
export async function startArgoDynalite(): Promise<ArgoDynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  let tables = 0;
  return {
    client,
    async newStore() {
      tables += 1;
      const tableName = `argocd-state-${tables}`;
      await client.send(new CreateTableCommand(argoStateTableDefinition(tableName).createTable));
      return new DynamoDbArgoStateStore({ client, tableName });
    },
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
