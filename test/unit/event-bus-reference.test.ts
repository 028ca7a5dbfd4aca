// The event bus rule exists twice: lib/config/event-bus-reference.ts for the running bridge and
// infra/aws/resolve-event-bus.cjs for `osls package`. Both are run over the same values here.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/config/config-error.js';
import { isEventBusArn, parseEventBusReference } from '../../lib/config/event-bus-reference.js';

type BusResource = string | { 'Fn::Sub': string };
const { describeEventBus } = createRequire(import.meta.url)('../../infra/aws/resolve-event-bus.cjs') as {
  describeEventBus: (bus: string, create: boolean) => { putEventsResource: BusResource };
};

// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders, not JavaScript
const SUB_PREFIX = 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/';
const ARN = 'arn:aws:events:eu-west-1:123456789012:event-bus/shared-bus';
const NAMES = ['shared-bus', 'cdevents-bridge-prod', 'default', 'a', 'Team_Bus.v2', 'x'.repeat(256)];
const ARNS = [
  ARN,
  'arn:aws-us-gov:events:us-gov-west-1:123456789012:event-bus/gov-bus',
  'arn:aws-cn:events:cn-north-1:123456789012:event-bus/default',
  `arn:aws:events:ap-southeast-2:000000000000:event-bus/${'b'.repeat(256)}`,
];
const NEITHER = [
  '', ' ', 'shared bus', 'bus/with/slash', 'x'.repeat(257), 'bus\n', 'büs', 'arn:aws:events:eu-west-1:123456789012:event-bus/',
  'arn:aws:events:eu-west-1:123456789012:rule/shared-bus', 'arn:aws:events:eu-west-1:12345:event-bus/shared-bus',
  'arn:aws:sqs:eu-west-1:123456789012:event-bus/shared-bus', 'arn:aws:events:eu-west-1:123456789012:event-bus/a/b',
  `arn:aws:events:eu-west-1:123456789012:event-bus/${'b'.repeat(257)}`, 'arn:aws:events:eu-west-1:123456789012:event-bus/shared-bus ',
];

describe('parseEventBusReference (CDEVENTS_EVENT_BUS)', () => {
  it.each([...NAMES, ...ARNS])('accepts %s unchanged', (value) => {
    expect(parseEventBusReference(value, 'CDEVENTS_EVENT_BUS')).toBe(value);
  });

  it.each(NEITHER)('rejects %j with a ConfigError naming the setting, not the value', (value) => {
    let thrown: unknown;
    try {
      parseEventBusReference(value, 'CDEVENTS_EVENT_BUS');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(/^CDEVENTS_EVENT_BUS must be an event bus name .* or an event bus ARN/);
    if (value.trim().length > 2) expect((thrown as Error).message).not.toContain(value);
  });

  it('tells ARNs from names', () => {
    for (const arn of ARNS) expect(isEventBusArn(arn), arn).toBe(true);
    for (const name of NAMES) expect(isEventBusArn(name), name).toBe(false);
  });
});

describe('describeEventBus (osls package)', () => {
  it('builds the ARN of a named bus in the stack partition, Region and account', () => {
    for (const create of [true, false]) {
      expect(describeEventBus('shared-bus', create)).toEqual({
        putEventsResource: { 'Fn::Sub': `${SUB_PREFIX}shared-bus` },
      });
    }
  });

  it('uses an existing bus ARN as given', () => {
    for (const arn of ARNS) expect(describeEventBus(arn, false)).toEqual({ putEventsResource: arn });
  });

  it('refuses to create a bus from an ARN or named "default"', () => {
    expect(() => describeEventBus(ARN, true)).toThrow(/^eventBusName is an ARN: set createEventBus=false/);
    expect(() => describeEventBus('default', true)).toThrow(/cannot create a bus named "default"/);
    expect(describeEventBus('default', false)).toEqual({
      putEventsResource: { 'Fn::Sub': `${SUB_PREFIX}default` },
    });
  });

  it('agrees with the bridge on every value', () => {
    for (const value of [...NAMES, ...ARNS, ...NEITHER]) {
      const bridgeAccepts = (() => {
        try {
          parseEventBusReference(value, 'CDEVENTS_EVENT_BUS');
          return true;
        } catch {
          return false;
        }
      })();
      const packageAccepts = (() => {
        try {
          describeEventBus(value, false);
          return true;
        } catch {
          return false;
        }
      })();
      expect(packageAccepts, JSON.stringify(value)).toBe(bridgeAccepts);
      if (packageAccepts) expect(typeof describeEventBus(value, false).putEventsResource === 'string', value).toBe(isEventBusArn(value));
    }
  });

  it('names the param and leaves out the stack when it rejects a value', () => {
    try {
      describeEventBus('bus with spaces', false);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/^eventBusName must be/);
      expect((error as Error).stack).toBe((error as Error).message);
    }
  });
});
