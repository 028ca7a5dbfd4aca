import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCommitStatusTargets } from '../../lib/commit-status/config/load-commit-status-targets.js';
import { ConfigError } from '../../lib/config/config-error.js';
import { loadConfig } from '../../lib/config/load-config.js';

const TOKEN = 'ghp_supersecretvalue1234567890';
const YAML = `
targets:
  - name: shop-github                  # unique; used in logs and metrics
    provider: github
    address: https://github.com/shop-org/cart-deploy
    secretId: cdevents-bridge/github
    prefix: production
    eventSources:
      - kind: Kustomization
        name: cart
        namespace: flux-system
  - name: ghes
    provider: github
    address: https://ghe.example.com/shop/cart.git
    token: ${TOKEN}
    eventSources: [{ kind: Application, name: "shop-*" }]
`;

function loadError(text: string): string {
  try {
    loadCommitStatusTargets(text, 'cs.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain(TOKEN);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const target = (fields: Record<string, unknown>) => JSON.stringify({
  targets: [{ name: 't1', provider: 'github', address: 'https://github.com/o/r', token: TOKEN, eventSources: [{ kind: 'Kustomization', name: '*' }], ...fields }],
});

describe('loadCommitStatusTargets', () => {
  it('reads the issue\'s YAML example and derives each API base (github.com, GHES)', () => {
    const [github, ghes] = loadCommitStatusTargets(YAML, 'cs.yaml');
    expect(github).toMatchObject({ name: 'shop-github', apiUrl: 'https://api.github.com', location: { owner: 'shop-org', repo: 'cart-deploy' }, secretId: 'cdevents-bridge/github', prefix: 'production' });
    expect(github?.eventSources).toEqual([{ kind: 'Kustomization', name: 'cart', namespace: 'flux-system' }]);
    expect(ghes).toMatchObject({ apiUrl: 'https://ghe.example.com/api/v3', location: { owner: 'shop', repo: 'cart' }, token: TOKEN });
    expect(Object.isFrozen(github)).toBe(true);
  });

  it.each([
    ['gitlab', 'https://gitlab.example.com/group/sub/deploy.git', 'https://gitlab.example.com/api/v4', { project: 'group%2Fsub%2Fdeploy' }],
    ['gitea', 'https://git.example.com/shop/deploy', 'https://git.example.com/api/v1', { owner: 'shop', repo: 'deploy' }],
    ['bitbucket', 'https://bitbucket.org/shop/deploy', 'https://api.bitbucket.org/2.0', { owner: 'shop', repo: 'deploy' }],
    ['bitbucketserver', 'https://bb.example.com/git/scm/SHOP/deploy.git', 'https://bb.example.com/git/rest', { projectKey: 'SHOP', repo: 'deploy' }],
    ['azuredevops', 'https://dev.azure.com/acme/shop/_git/deploy', 'https://dev.azure.com', { organization: 'acme', project: 'shop', repo: 'deploy' }],
  ])('JSON works too; %s address %s → API base %s', (provider, address, apiUrl, location) => {
    const [parsed] = loadCommitStatusTargets(target({ provider, address }), 'cs.json');
    expect(parsed).toMatchObject({ apiUrl, location });
  });

  it.each([
    [target({ provider: 'bitbucketcloud' }), /target 't1': field 'provider' must be one of/],
    [target({ token: undefined }), /target 't1': field 'secretId' or 'token' is required/],
    [target({ secretId: 'x' }), /target 't1': fields 'secretId' and 'token' exclude each other/],
    [target({ address: 'https://github.com/only-owner' }), /target 't1': field 'address' is not a github repository URL/],
    [target({ address: 'git@github.com:o/r.git' }), /target 't1': field 'address'/],
    [target({ apiUrl: 'ftp://x' }), /target 't1': field 'apiUrl' must be an absolute http/],
    [target({ eventSources: [] }), /target 't1': field 'eventSources' must list at least one/],
    [target({ eventSources: [{ name: 'x' }] }), /target 't1': field 'eventSources.0.kind' is required/],
    [target({ secretID: 'typo' }), /target 't1': unknown field 'secretID'/],
    [target({ name: 'bad name!' }), /targets\[0\]|target 'bad name!': field 'name'/],
    [JSON.stringify({ targets: [JSON.parse(target({})).targets[0], JSON.parse(target({})).targets[0]] }), /target 't1': field 'name' is used by another target/],
    [JSON.stringify({ target: [] }), /must hold an object with a 'targets' list/],
    [`targets:\n  - name: x\n    token: ${TOKEN}\n   bad: [`, /not valid YAML/],
  ])('refuses a bad file naming the target and the field (%#)', (text, message) => {
    expect(loadError(text)).toMatch(message);
  });

  it('loadConfig reads BRIDGE_COMMIT_STATUS_FILE once, and stops on a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-'));
    const file = join(dir, 'commit-status.yaml');
    writeFileSync(file, YAML);
    const env = { BRIDGE_TOKENS: 'a-long-token', BRIDGE_COMMIT_STATUS_FILE: file };
    expect(loadConfig(env).commitStatus.targets.map((t) => t.name)).toEqual(['shop-github', 'ghes']);
    expect(loadConfig({ BRIDGE_TOKENS: 'a-long-token' }).commitStatus).toEqual({ targets: [] });
    writeFileSync(file, target({ provider: 'svn' }));
    expect(() => loadConfig(env)).toThrow(/commit-status\.yaml: target 't1': field 'provider'/);
    expect(() => loadConfig({ ...env, BRIDGE_COMMIT_STATUS_FILE: join(dir, 'missing.yaml') })).toThrow(/BRIDGE_COMMIT_STATUS_FILE cannot be read: ENOENT/);
  });
});
