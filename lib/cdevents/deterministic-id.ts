import { createHash } from 'node:crypto';

/** UUID namespace for every id the bridge derives (a fixed random UUID). */
const BRIDGE_NAMESPACE = Buffer.from('6f1d5a0e4b3c4d2a9e8f7a6b5c4d3e2f', 'hex');

/**
 * A name-based UUID (RFC 9562 version 5) from the given parts. The same parts always give
 * the same id, so a retried or redelivered notification yields the same CDEvent id.
 */
export function deterministicId(...parts: readonly string[]): string {
  const hash = createHash('sha1').update(BRIDGE_NAMESPACE).update(parts.join('\u001f')).digest();
  // RFC 9562 §5.5: version 5 in the high nibble of octet 6, variant 10 in the top bits of octet 8.
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
