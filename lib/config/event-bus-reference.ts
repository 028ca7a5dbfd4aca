import { ConfigError } from './config-error.js';

// PutEvents takes the bus as a name or an ARN; these are PutEventsRequestEntry.EventBusName's patterns,
// anchored, with the name capped at CreateEventBus's 256 characters
// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html).
// infra/aws/resolve-event-bus.cjs applies the same rule when `osls package` builds the IAM policy;
// test/unit/event-bus-reference.test.ts checks that both agree.
const BUS_NAME = /^[.\-_A-Za-z0-9]{1,256}$/;
const BUS_ARN = /^arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/[.\-_A-Za-z0-9]{1,256}$/;

/** Whether `value` is an EventBridge event bus ARN (as opposed to a bus name). */
export function isEventBusArn(value: string): boolean {
  return BUS_ARN.test(value);
}

/**
 * Checks an event bus reference given as a name (`shared-bus`) or an ARN
 * (`arn:aws:events:eu-west-1:123456789012:event-bus/shared-bus`) and returns it unchanged, since
 * PutEvents' `EventBusName` accepts either.
 * @param setting the variable the value came from, named in the error.
 * @throws ConfigError naming the setting when the value is neither.
 */
export function parseEventBusReference(value: string, setting: string): string {
  if (BUS_NAME.test(value) || BUS_ARN.test(value)) return value;
  throw new ConfigError(
    `${setting} must be an event bus name (1 to 256 of A-Z a-z 0-9 . - _) or an event bus ARN (arn:<partition>:events:<region>:<account>:event-bus/<name>)`,
  );
}
