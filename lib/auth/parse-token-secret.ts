/**
 * Reads the tokens held by a secret string. Accepted shapes:
 * `{"tokens": ["a", "b"]}`, `{"token": "a"}`, `["a", "b"]`, or plain text with tokens separated
 * by commas or new lines. Several tokens let a rotation happen without downtime.
 */
export function parseTokenSecret(secret: string): string[] {
  const trimmed = secret.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return tokensOf(JSON.parse(trimmed));
    } catch {
      return [];
    }
  }
  return trimmed.split(/[,\n]/).map((t) => t.trim()).filter(Boolean);
}

function tokensOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((t): t is string => typeof t === 'string' && t.length > 0);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.tokens)) return tokensOf(record.tokens);
    if (typeof record.token === 'string' && record.token) return [record.token];
  }
  return [];
}
