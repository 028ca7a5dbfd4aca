import { ConfigError } from '../config/config-error.js';

/** One `key: value` pair of a mapping file, with its line for error messages. */
export interface MappingFileEntry {
  key: string;
  value: string;
  /** 1-based line number; absent for JSON files. */
  line?: number;
}

function unquote(text: string): string {
  const trimmed = text.trim();
  const quoted = /^(['"])(?<inner>.*)\1$/.exec(trimmed);
  return quoted?.groups?.inner?.trim() ?? trimmed;
}

function jsonEntries(text: string, origin: string): MappingFileEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${origin} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${origin} must hold a JSON object of "Reason" or "Kind/Reason" keys`);
  }
  return Object.entries(parsed).map(([key, value]) => {
    if (typeof value !== 'string') throw new ConfigError(`rule '${key}' in ${origin}: the value must be a string (a CDEvent type or 'ignore')`);
    return { key: key.trim(), value: value.trim() };
  });
}

function lineEntries(text: string, origin: string): MappingFileEntry[] {
  const entries: MappingFileEntry[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/(^|\s)#.*$/, '').trim();
    if (content === '' || content === '---') return;
    const colon = content.indexOf(':');
    if (colon <= 0) {
      throw new ConfigError(`line ${line} in ${origin}: expected 'Reason: type' or 'Kind/Reason: type', got '${content.slice(0, 80)}'`);
    }
    const key = unquote(content.slice(0, colon));
    if (seen.has(key)) throw new ConfigError(`line ${line} in ${origin}: duplicate rule for '${key}'`);
    seen.add(key);
    entries.push({ key, value: unquote(content.slice(colon + 1)), line });
  });
  return entries;
}

/**
 * Reads a mapping file: a JSON object when the text starts with `{`, else one `Key: value` per
 * line with `#` comments and blank lines (a YAML subset).
 * @throws ConfigError naming the file and line of a malformed entry.
 */
export function readMappingFileEntries(text: string, origin: string): MappingFileEntry[] {
  const body = text.replace(/^\uFEFF/, '');
  return body.trimStart().startsWith('{') ? jsonEntries(body, origin) : lineEntries(body, origin);
}
