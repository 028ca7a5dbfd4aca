// @ts-check
'use strict';
// Resolves the `eventBusName` and `createEventBus` params of serverless.yml while `osls package` reads it,
// offline: a bus can be given by name or by ARN, and the events:PutEvents IAM resource differs between the two.
// CommonJS, because osls loads `${file(...)}` JavaScript sources with require().
// CloudFormation cannot make this choice itself: inside Conditions, Fn::Equals accepts only Ref,
// Fn::FindInMap and other condition functions, not the Fn::Select/Fn::Split that a "starts with arn:"
// test needs (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html).
//
// The patterns are PutEventsRequestEntry.EventBusName's, anchored, with the name capped at CreateEventBus's
// 256 characters (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html).
// lib/config/event-bus-reference.ts holds the same rule for the running bridge;
// test/unit/event-bus-reference.test.ts checks that both agree.

const BUS_NAME = /^[.\-_A-Za-z0-9]{1,256}$/;
const BUS_ARN = /^arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/[.\-_A-Za-z0-9]{1,256}$/;

/**
 * An error for a wrong param. osls prints `error.stack`; the stack of a param check says nothing
 * useful, so it is the message alone.
 * @param {string} message
 */
function paramError(message) {
  const error = new Error(message);
  error.stack = message;
  return error;
}

/**
 * The events:PutEvents IAM resource for a bus given by name or by ARN: the ARN as given, or an
 * `Fn::Sub` that builds the ARN in the stack's own partition, Region and account from the name.
 * @param {string} bus the `eventBusName` param
 * @param {boolean} create whether the stack creates the bus (`createEventBus=true`)
 * @returns {{ putEventsResource: string | { 'Fn::Sub': string } }}
 * @throws Error naming the param when the value is neither a bus name nor an event bus ARN, or when
 *   the stack is to create the bus and the value is an ARN or `default` (CreateEventBus takes a new name).
 */
function describeEventBus(bus, create) {
  if (BUS_ARN.test(bus)) {
    if (create) throw paramError('eventBusName is an ARN: set createEventBus=false to use that existing bus, or give a name for the stack to create');
    return { putEventsResource: bus };
  }
  if (!BUS_NAME.test(bus)) {
    throw paramError('eventBusName must be an event bus name (1 to 256 of A-Z a-z 0-9 . - _) or an event bus ARN (arn:<partition>:events:<region>:<account>:event-bus/<name>)');
  }
  if (create && bus === 'default') throw paramError('eventBusName: the stack cannot create a bus named "default"; set createEventBus=false to use it');
  return { putEventsResource: { 'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/${bus}` } };
}

/**
 * The osls `${file(...)}` entry point: reads the two params and describes the bus.
 * @param {{ resolveVariable: (address: string) => Promise<unknown> }} osls
 * @throws Error when the params are wrong (see describeEventBus).
 */
async function resolveEventBus({ resolveVariable }) {
  const bus = String(await resolveVariable('param:eventBusName'));
  const create = String(await resolveVariable('param:createEventBus')) === 'true';
  return describeEventBus(bus, create);
}

module.exports = resolveEventBus;
module.exports.describeEventBus = describeEventBus;
