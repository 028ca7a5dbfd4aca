import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CDEvent } from '../../lib/cdevents/types.js';
import type { LambdaHttpHandler } from '../../lib/local/local-server.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';
import { fluxSignature, startBridge, useLocalAws, type RunningBridge } from '../helpers/bridge-harness.js';
import { assertValidCDEvent } from '../helpers/cdevents-schemas.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { startFakeAws, type FakeAws } from '../helpers/fake-aws.js';
import { syntheticBody, type SyntheticParts } from '../helpers/flux-fixtures.js';

const TOKEN = 'e2e-non-ascii-token-01';
const fluxRoute = { '/flux': (runtime: Parameters<typeof createFluxWebhook>[0]) => createFluxWebhook(runtime) as unknown as LambdaHttpHandler };

/** Cluster, namespace and name with what Node's fetch refuses unencoded, and what the binding must escape. */
const NAMES = [
  { label: 'CJK cluster', cluster: 'prod-東京', namespace: 'apps', name: 'podinfo' },
  { label: 'emoji and accents', cluster: 'staging 😀', namespace: 'équipe-données', name: 'café-app' },
  { label: 'CR/LF, quote, percent, space', cluster: 'edge\r\nx-injected: 1', namespace: 'ns "quoted"', name: '100% done' },
];

/** Events the semantic profile turns into CDEvents (service.upgraded and incident.detected). */
const EVENTS: SyntheticParts[] = [
  { kind: 'HelmRelease', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1', metadata: { revision: '6.6.1' } },
  { kind: 'HelmRelease', reason: 'UpgradeFailed', message: 'Helm upgrade failed for release apps/podinfo with chart podinfo@6.6.2: timed out' },
];

/** A §3.1.3.2 value: printable ASCII without `"`, and `%` only as the start of an upper-case escape. */
const ENCODED_HEADER_VALUE = /^[\x21\x23\x24\x26-\x7e]*(?:%[0-9A-F]{2}[\x21\x23\x24\x26-\x7e]*)*$/;

let aws: FakeAws;
let receiver: CloudEventsReceiver;
let bridge: RunningBridge;

beforeAll(async () => {
  aws = await startFakeAws();
  useLocalAws(aws.endpoint);
  aws.setSecret('bridge-inbound-non-ascii', JSON.stringify({ tokens: [TOKEN] }));
  receiver = await startCloudEventsReceiver();
  bridge = await startBridge({
    BRIDGE_TOKEN_SECRET_ID: 'bridge-inbound-non-ascii',
    CDEVENTS_SINK_URL: receiver.url,
    CDEVENTS_SINK_MODE: 'binary',
    CDEVENTS_EVENT_BUS: 'gitops',
    BRIDGE_CLUSTER: 'fallback',
    BRIDGE_DELIVERY_TIMEOUT_MS: '3000',
  }, fluxRoute);
});

afterAll(async () => {
  await bridge?.close();
  await receiver?.close();
  await aws?.close();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.requests.length = 0;
  aws.reset();
});

describe('Flux events whose names are not plain ASCII', () => {
  describe.each(NAMES)('$label', ({ cluster, namespace, name }) => {
    it.each(EVENTS)('$reason is delivered in binary mode and decodes to the original attributes', async (parts) => {
      const body = syntheticBody(parts) as { involvedObject: Record<string, string>; metadata?: Record<string, string> };
      body.involvedObject.namespace = namespace;
      body.involvedObject.name = name;
      body.metadata = { ...body.metadata, cluster };
      const text = JSON.stringify(body);

      const started = Date.now();
      const response = await bridge.post('/flux', text, { 'x-signature': fluxSignature(text, TOKEN), 'gotk-component': 'helm-controller' });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(response.status).toBe(202);
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.received).toHaveLength(1);

      const { event, headers, body: received } = receiver.received[0]!;
      for (const [header, value] of Object.entries(headers)) {
        if (header.startsWith('ce-')) expect(value, header).toMatch(ENCODED_HEADER_VALUE);
      }
      const cdevent = JSON.parse(received) as CDEvent;
      assertValidCDEvent(cdevent);
      expect(event.data).toEqual(cdevent);
      // service.*: `<scope>/<namespace>/<name>`; incident.*: the same prefix, then kind, name and reason.
      if (cdevent.context.type.includes('.service.')) expect(event.subject).toBe(`${cluster}/${namespace}/${name}`);
      else expect(event.subject).toBe(`${cluster}/${namespace}/HelmRelease/${name}/${parts.reason}`);
      expect(event.subject).toBe(cdevent.subject.id);
      expect(event.source).toBe(`/flux/${encodeURIComponent(cluster)}`);
      expect(event.source).toBe(cdevent.context.source);
      expect(event.id).toBe(cdevent.context.id);
      expect(event.type).toBe(cdevent.context.type);
      expect(new Date(event.time!).toISOString()).toBe(cdevent.context.timestamp);

      // EventBridge gets the structured form: the raw values, as JSON strings.
      expect(aws.acceptedEntries).toHaveLength(1);
      expect(JSON.parse(aws.acceptedEntries[0]!.Detail!)).toMatchObject({ subject: cdevent.subject.id, source: cdevent.context.source, data: cdevent });
    });
  });
});
