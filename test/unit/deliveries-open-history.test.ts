// Which history the settings give: none, DynamoDB, or one memory ring shared by every handler of
// the process (under npm start the webhooks and the page must see the same rows).
import { describe, expect, it } from 'vitest';
import { DynamoDbDeliveryHistory } from '../../lib/deliveries/dynamodb-delivery-history.js';
import { MemoryDeliveryHistory } from '../../lib/deliveries/memory-delivery-history.js';
import { openDeliveryHistory } from '../../lib/deliveries/open-delivery-history.js';
import { sampleRecord } from '../helpers/deliveries-records.js';

const logger = { warn: () => undefined };
const settings = { enabled: true, historySize: 7, retentionDays: 7 };

describe('openDeliveryHistory', () => {
  it('gives every caller of the process the same memory ring for the same settings', async () => {
    const writer = openDeliveryHistory(settings, logger);
    const reader = openDeliveryHistory({ ...settings }, logger);
    expect(writer).toBeInstanceOf(MemoryDeliveryHistory);
    expect(reader).toBe(writer);
    writer.record(sampleRecord());
    expect((await reader.list({ limit: 5 })).deliveries).toHaveLength(1);
    expect(openDeliveryHistory({ ...settings, historySize: 8 }, logger)).not.toBe(writer);
  });

  it('uses the DynamoDB table when one is set', () => {
    expect(openDeliveryHistory({ ...settings, table: 'bridge-state' }, logger)).toBeInstanceOf(DynamoDbDeliveryHistory);
  });

  it('records nothing and says so when disabled', async () => {
    const history = openDeliveryHistory({ ...settings, enabled: false, table: 'bridge-state' }, logger);
    history.record(sampleRecord());
    expect(history.recording).toBe(false);
    expect(await history.list({ limit: 5 })).toEqual({ deliveries: [], cursor: 0 });
    expect(await history.get(1)).toBeUndefined();
  });
});
