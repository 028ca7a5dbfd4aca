import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainIdOf } from '../../lib/cdevents/chain-id.js';

/** RFC 9562 UUIDv5, written out independently of the bridge, for the documented namespace. */
function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const NAMESPACE = '6f1d5a0e-4b3c-4d2a-9e8f-7a6b5c4d3e2f';
const SHA = 'AB'.repeat(20);
const DIGEST = `sha256:${'0c'.repeat(32)}`;

describe('chainIdOf', () => {
  it('is the documented UUIDv5 of git:<commit>, oci:<digest> or purl:<artifactId>', () => {
    expect(chainIdOf({ revision: SHA })).toBe(uuidV5(NAMESPACE, `git:${SHA.toLowerCase()}`));
    expect(chainIdOf({ revision: DIGEST })).toBe(uuidV5(NAMESPACE, `oci:${DIGEST}`));
    const chart = 'pkg:generic/shop@1.2.3?repository_url=https://charts.example.com';
    expect(chainIdOf({ artifactId: chart })).toBe(uuidV5(NAMESPACE, `purl:${chart}`));
  });

  it('reads the commit or digest out of the artifact purl, so any purl form of one revision joins', () => {
    const commit = chainIdOf({ revision: SHA });
    expect(chainIdOf({ artifactId: `pkg:github/acme/shop@${SHA.toLowerCase()}` })).toBe(commit);
    expect(chainIdOf({ artifactId: `pkg:generic/shop@${SHA.toLowerCase()}?repository_url=https://git.example.com/shop` })).toBe(commit);
    expect(chainIdOf({ artifactId: `pkg:oci/shop@sha256%3A${'0c'.repeat(32)}?tag=1.0.0` })).toBe(chainIdOf({ revision: DIGEST }));
    expect(chainIdOf({ revision: SHA, artifactId: `pkg:oci/shop@sha256%3A${'0c'.repeat(32)}` })).toBe(commit);
  });

  it('starts no chain without a revision', () => {
    expect(chainIdOf({})).toBeUndefined();
    expect(chainIdOf({ revision: 'main', artifactId: 'pkg:generic/shop' })).toBeUndefined();
    expect(chainIdOf({ artifactId: 'pkg:generic/shop@%E0%A4%A' })).toBeUndefined();
  });
});
