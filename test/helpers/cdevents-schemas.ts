import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { CDEvent } from '../../lib/cdevents/types.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** `../shared/cdevents-spec` beside the checkout. Tests fail (never skip) when it is missing. */
export const SPEC_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/cdevents-spec');

/** `../shared/fixtures` beside the checkout. */
export const FIXTURES_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');

function requireFolder(path: string): string {
  if (!existsSync(path)) throw new Error(`required folder is missing: ${path} (the shared folder must sit beside the checkout)`);
  return path;
}

const validators = new Map<string, Map<string, ValidateFunction>>();

/** Compiles every event schema of a spec version, the way the spec's own CI does (ajv 2020, links registered). */
function validatorsFor(specVersion: string): Map<string, ValidateFunction> {
  const cached = validators.get(specVersion);
  if (cached) return cached;
  const schemaDir = join(requireFolder(join(SPEC_ROOT, specVersion)), 'schemas');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const file of readdirSync(join(schemaDir, 'links'))) {
    if (file.startsWith('embedded')) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, 'links', file), 'utf8')));
  }
  const byType = new Map<string, ValidateFunction>();
  for (const file of readdirSync(schemaDir).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(schemaDir, file), 'utf8'));
    const type = schema.properties.context.properties.type.enum[0] as string;
    byType.set(type, ajv.compile(schema));
  }
  validators.set(specVersion, byType);
  return byType;
}

/**
 * Validates a CDEvent against the official schema of its own spec version and type.
 * @returns a list of readable problems; empty when the event is valid.
 */
export function schemaErrors(event: CDEvent): string[] {
  const specVersion = event.context.specversion ?? event.context.version;
  if (!specVersion) return ['context has neither specversion nor version'];
  const validate = validatorsFor(specVersion).get(event.context.type);
  if (!validate) return [`no official schema for type ${event.context.type} in spec ${specVersion}`];
  if (validate(event)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Asserts validity, throwing with the schema errors and the event when invalid. */
export function assertValidCDEvent(event: CDEvent): void {
  const errors = schemaErrors(event);
  if (errors.length > 0) {
    throw new Error(`CDEvent fails its official schema:\n${errors.join('\n')}\n${JSON.stringify(event, null, 2)}`);
  }
}
