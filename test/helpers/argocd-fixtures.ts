import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import type { CDEvent, CDEventDraft } from '../../lib/cdevents/types.js';
import { SPEC_VERSIONS } from '../../lib/cdevents/types.js';
import { FIXTURES_ROOT, assertValidCDEvent } from './cdevents-schemas.js';

/** `shared/fixtures/argocd`. */
export const ARGO_FIXTURES_DIR = join(FIXTURES_ROOT, 'argocd');

/** Every Argo CD fixture file (webhook bodies `.json`, Applications `.yaml`). */
export function argoFixtureNames(): string[] {
  return readdirSync(ARGO_FIXTURES_DIR).filter((name) => name.endsWith('.json') || name.endsWith('.yaml')).sort();
}

/** A fixture parsed as JSON or YAML (a fresh object each call). */
export function loadArgoFixture(name: string): Record<string, any> {
  const text = readFileSync(join(ARGO_FIXTURES_DIR, name), 'utf8');
  return (name.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, any>;
}

/** The Application of a fixture (the `app` of a webhook body, or the whole YAML object). */
export function fixtureApplication(name: string): Record<string, any> {
  const fixture = loadArgoFixture(name);
  return name.endsWith('.json') ? fixture.app : fixture;
}

/**
 * Renders every draft for both supported spec versions and validates each event against its
 * official schema.
 * @returns the rendered events, 0.5.1 first.
 */
export function renderAndValidate(drafts: readonly CDEventDraft[]): CDEvent[] {
  const events: CDEvent[] = [];
  for (const specVersion of SPEC_VERSIONS) {
    for (const draft of drafts) {
      const event = buildCDEvent(draft, specVersion);
      assertValidCDEvent(event);
      events.push(event);
    }
  }
  return events;
}
