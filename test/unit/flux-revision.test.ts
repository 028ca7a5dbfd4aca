import { describe, expect, it } from 'vitest';
import { getRevision, parseRevision } from '../../lib/flux/parse-revision.js';

const SHA = '07a684d59d1bc9a58e0c0d07ed480812b2b9a29e';
const DIGEST_HEX = '0cc9a8446c95009ef382f5eade883a67c257f77d50f84e78ecef2aac9428d1e5';

describe('parseRevision', () => {
  it.each([
    [`main@sha1:${SHA}`, { pointer: 'main', commit: SHA }],
    [`v1.2.3@sha1:${SHA}`, { pointer: 'v1.2.3', commit: SHA }],
    [`refs/heads/feature/x@sha1:${SHA}`, { pointer: 'refs/heads/feature/x', commit: SHA }],
    [`sha1:${SHA}`, { commit: SHA }],
    [`latest@sha256:${DIGEST_HEX}`, { pointer: 'latest', digest: `sha256:${DIGEST_HEX}` }],
    [`sha256:${DIGEST_HEX}`, { digest: `sha256:${DIGEST_HEX}` }],
    [`main/${SHA}`, { pointer: 'main', commit: SHA }],
    [`v1.8.0/${SHA}`, { pointer: 'v1.8.0', commit: SHA }],
    [SHA, { commit: SHA }],
    ['6.6.1+0cc9a8446c95', { chartVersion: '6.6.1+0cc9a8446c95' }],
    ['0.1.3+2', { chartVersion: '0.1.3+2' }],
    ['6.5.0', { chartVersion: '6.5.0' }],
  ])('parses %s', (raw, expected) => {
    expect(parseRevision(raw)).toEqual({ raw, ...expected });
  });

  it('counts only 40-hex SHA-1 as a commit', () => {
    expect(parseRevision('main@sha1:abc123')).toEqual({ raw: 'main@sha1:abc123', pointer: 'main' });
    expect(parseRevision('main/abc123')).toEqual({ raw: 'main/abc123' });
  });

  it('keeps unknown formats raw', () => {
    expect(parseRevision('not a revision')).toEqual({ raw: 'not a revision' });
  });
});

describe('getRevision', () => {
  it('prefers commit, then originRevision, then revision', () => {
    expect(getRevision({ revision: 'r', originRevision: 'o', commit: 'c' })).toBe('c');
    expect(getRevision({ revision: 'r', originRevision: 'o' })).toBe('o');
    expect(getRevision({ revision: 'r', commit: ' ' })).toBe('r');
    expect(getRevision({})).toBeUndefined();
  });
});
