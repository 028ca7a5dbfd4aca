import fc from 'fast-check';
import { HTTP } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { deterministicId } from '../../lib/cdevents/deterministic-id.js';
import { toHttpMessage } from '../../lib/cloudevents/cloudevent-message.js';
import { encodeHeaderValue } from '../../lib/cloudevents/header-value.js';
import { toWellFormed } from '../../lib/text/well-formed-text.js';
import { decodeCeHeaders, decodeCeHeaderValue } from '../helpers/decode-ce-header.js';

const PRINTABLE_ASCII = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join('');

describe('encodeHeaderValue (CloudEvents HTTP binding v1.0.2 §3.1.3.2)', () => {
  it('encodes the spec example exactly', () => {
    expect(encodeHeaderValue('Euro € 😀')).toBe('Euro%20%E2%82%AC%20%F0%9F%98%80');
  });

  it('leaves printable ASCII except " and % as it is', () => {
    expect(encodeHeaderValue(PRINTABLE_ASCII)).toBe(PRINTABLE_ASCII.replace('%', '%25').replace('"', '%22'));
    expect(encodeHeaderValue('/flux/prod-eu-1')).toBe('/flux/prod-eu-1');
    expect(encodeHeaderValue('')).toBe('');
  });

  it.each([
    [' ', '%20'], ['"', '%22'], ['%', '%25'], ['\r\n', '%0D%0A'], ['\t', '%09'], ['\0', '%00'], ['\x7f', '%7F'],
    ['\u0080', '%C2%80'], ['é', '%C3%A9'], ['東京', '%E6%9D%B1%E4%BA%AC'], ['\u{1F600}', '%F0%9F%98%80'],
    ['\ud800', '%EF%BF%BD'], ['a\udc00b', 'a%EF%BF%BDb'],
  ])('encodes %j as %s', (value, encoded) => {
    expect(encodeHeaderValue(value)).toBe(encoded);
  });

  it('gives, for any string, a value fetch accepts that decodes back to the (well-formed) original', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
    );
    fc.assert(fc.property(anyText, (value) => {
      const encoded = encodeHeaderValue(value);
      expect(encoded).toMatch(/^[\x21\x23\x24\x26-\x7e]*(?:%[0-9A-F]{2}[\x21\x23\x24\x26-\x7e]*)*$/);
      expect(() => new Headers({ 'ce-subject': encoded })).not.toThrow();
      expect(decodeCeHeaderValue(encoded)).toBe(toWellFormed(value));
    }), { seed: 42, numRuns: 500 });
  });
});

describe('toHttpMessage', () => {
  const event = buildCDEvent({
    kind: 'service.deployed',
    id: deterministicId('cloudevent-headers-test'),
    source: '/flux/prod-%E6%9D%B1%E4%BA%AC',
    timestamp: '2024-07-12T08:56:31.000Z',
    subjectId: 'prod-東京/apps "x"/100% done',
    content: { environment: { id: 'prod-東京/apps' }, artifactId: 'pkg:generic/app@1.0' },
  }, '0.5.1');

  it('percent-encodes every ce-* header in binary mode and leaves the body as JSON', () => {
    const { headers, body } = toHttpMessage(event, 'binary');
    expect(headers).toEqual({
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': event.context.id,
      'ce-source': '/flux/prod-%25E6%259D%25B1%25E4%25BA%25AC',
      'ce-type': 'dev.cdevents.service.deployed.0.3.0',
      'ce-subject': 'prod-%E6%9D%B1%E4%BA%AC/apps%20%22x%22/100%25%20done',
      'ce-time': '2024-07-12T08:56:31.000Z',
    });
    expect(JSON.parse(body)).toEqual(event);
  });

  it('carries the raw values in structured mode, where JSON needs no header encoding', () => {
    const { headers, body } = toHttpMessage(event, 'structured');
    expect(Object.keys(headers)).toEqual(['content-type']);
    expect(JSON.parse(body)).toMatchObject({ source: event.context.source, subject: 'prod-東京/apps "x"/100% done' });
  });

  it('decodes back to the original attributes in the cloudevents SDK once the headers are percent-decoded', () => {
    const { headers, body } = toHttpMessage(event, 'binary');
    const decoded = HTTP.toEvent({ headers: decodeCeHeaders(headers), body });
    expect(decoded).toMatchObject({ source: event.context.source, subject: event.subject.id, id: event.context.id });
    // The JS SDK v10 itself does not percent-decode (PassThroughParser), which is why the test receiver does.
    expect(HTTP.toEvent({ headers, body })).toMatchObject({ subject: headers['ce-subject'] });
  });
});

describe('decodeCeHeaderValue (the consumer side the test receiver applies)', () => {
  it('accepts lower-case hex, needlessly encoded characters and legacy double-quoted values', () => {
    expect(decodeCeHeaderValue('%e2%82%ac')).toBe('€');
    expect(decodeCeHeaderValue('%41bc')).toBe('Abc');
    expect(decodeCeHeaderValue('"a \\"b\\" c"')).toBe('a "b" c');
  });

  it.each(['%C0%A0', '%ED%A0%80', '%zz', '100%', '%4'])('rejects %s (invalid UTF-8 or malformed escape)', (value) => {
    expect(() => decodeCeHeaderValue(value)).toThrow(TypeError);
  });
});
