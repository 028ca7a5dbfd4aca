import { BadRequestError } from '../http/http-error.js';

/** Quotes a caller-supplied value for an error message, shortened so messages stay small. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;
}

/** A short name for the JSON type of a value: `null`, `an array`, `a number`, … */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** True for a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Collects every problem of a payload so one 400 names all of them:
 * `missing required field(s): severity, timestamp, reason; field 'metadata' must be …`.
 */
export class FieldProblems {
  private readonly missing: string[] = [];
  private readonly invalid: string[] = [];

  /** Reads a required non-empty string; records it as missing or invalid otherwise. */
  requiredString(value: unknown, field: string): string {
    if (value === undefined || value === null || value === '') this.missing.push(field);
    else if (typeof value !== 'string') this.invalid.push(`field '${field}' must be a string, got ${describeType(value)}`);
    else return value;
    return '';
  }

  /** Reads an optional string; `undefined`/`null` are absent. */
  optionalString(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.invalid.push(`field '${field}' must be a string, got ${describeType(value)}`);
    return undefined;
  }

  /** Records a problem that is not a missing field. */
  add(problem: string): void {
    this.invalid.push(problem);
  }

  /** @throws BadRequestError naming every problem recorded so far. */
  throwIfAny(): void {
    const parts = [...(this.missing.length > 0 ? [`missing required field(s): ${this.missing.join(', ')}`] : []), ...this.invalid];
    if (parts.length > 0) throw new BadRequestError(parts.join('; '));
  }
}
