import { describe, expect, it } from 'vitest';
import { lazyClient, once } from '../../lib/aws/lazy-client.js';
import { dynamoDbPackage, sqsPackage } from '../../lib/aws/sdk-packages.js';

describe('once', () => {
  it('loads on the first call only and shares the result', async () => {
    let loads = 0;
    const value = once(async () => {
      loads += 1;
      return { n: loads };
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([value(), value()]);
    expect(a).toBe(b);
    expect(await value()).toBe(a);
    expect(loads).toBe(1);
  });

  it('tries again after a failed load', async () => {
    let loads = 0;
    const value = once(async () => {
      loads += 1;
      if (loads === 1) throw new Error('first load fails');
      return loads;
    });
    await expect(value()).rejects.toThrow('first load fails');
    expect(await value()).toBe(2);
  });
});

describe('lazyClient', () => {
  it('builds the client on the first send, once, and forwards every argument to it', async () => {
    const calls: unknown[][] = [];
    let built = 0;
    class FakeClient {
      readonly tag = 'fake';
      async send(command: string, options?: { abortSignal?: AbortSignal }): Promise<string> {
        calls.push([this.tag, command, options]);
        return `sent ${command}`;
      }
    }
    const client = lazyClient(async () => {
      built += 1;
      return new FakeClient();
    });
    expect(built).toBe(0);
    const signal = new AbortController().signal;
    expect(await client.send('a', { abortSignal: signal })).toBe('sent a');
    expect(await client.send('b')).toBe('sent b');
    expect(built).toBe(1);
    expect(calls).toEqual([['fake', 'a', { abortSignal: signal }], ['fake', 'b', undefined]]);
  });

  it('passes on a failing send as it is', async () => {
    const failure = Object.assign(new Error('refused'), { name: 'ConditionalCheckFailedException' });
    const client = lazyClient(async () => ({ send: async (_command: string): Promise<never> => { throw failure; } }));
    await expect(client.send('x')).rejects.toBe(failure);
  });
});

describe('SDK packages', () => {
  it('load the real AWS SDK packages, the same module each time', async () => {
    const dynamoDb = await dynamoDbPackage();
    expect(typeof dynamoDb.DynamoDBClient).toBe('function');
    expect(await dynamoDbPackage()).toBe(dynamoDb);
    expect(typeof (await sqsPackage()).SendMessageBatchCommand).toBe('function');
  });
});
