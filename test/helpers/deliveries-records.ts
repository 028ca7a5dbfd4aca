import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import type { CDEvent, CDEventKind } from '../../lib/cdevents/types.js';
import type { DeliveryRecord } from '../../lib/deliveries/delivery-record.js';

const COMMIT = '07a684d59d1bc9a58e0c0d07ed480812b2b9a29e';

/** A 0.5.1 CDEvent as the bridge builds it (through buildCDEvent), for history rows. */
export function sampleCDEvent(kind: CDEventKind, name: string, index = 1): CDEvent {
  return buildCDEvent({
    kind,
    id: `0190f3c2-7d4e-7${String(index).padStart(3, '0')}-8a1b-4c2d5e6f7a8b`,
    source: '/flux/default/apps',
    timestamp: '2026-11-20T10:15:00Z',
    subjectId: name,
    subjectSource: '/flux/default/apps',
    content: { environment: { id: 'production' }, artifactId: `pkg:oci/${name}@sha256%3A${COMMIT}` },
  }, '0.5.1');
}

/** A history row of a Flux request that emitted `service.deployed`, with what the sinks did. */
export function sampleRecord(overrides: Partial<DeliveryRecord> = {}, index = 1): DeliveryRecord {
  return {
    id: `req-${index}`,
    at: new Date(Date.UTC(2026, 10, 20, 10, 15, index)).toISOString(),
    route: 'flux',
    object: 'Kustomization/apps/podinfo',
    status: 202,
    events: [{ cdevent: sampleCDEvent('service.deployed', 'podinfo', index), sinks: [{ sink: 'http', outcome: 'delivered', attempt: 1 }] }],
    commitStatuses: [],
    ...overrides,
  };
}
