import { describe, expect, it } from 'vitest';
import { loadCommitStatusTargets } from '../../lib/commit-status/config/load-commit-status-targets.js';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const { describeSecrets } = createRequire(import.meta.url)('../../infra/aws/resolve-commit-status-secrets.cjs') as {
  describeSecrets: (text: string) => { secretCount: string };
};

describe('commit-status examples in infra/', () => {
  it.each(['infra/flux/commit-status.yaml', 'infra/argocd/commit-status.yaml'])('%s loads with the bridge\'s own reader', (file) => {
    const text = readFileSync(file, 'utf8');
    const targets = loadCommitStatusTargets(text, file);
    expect(targets.length).toBeGreaterThan(1);
    // The package-time script grants exactly the secrets the bridge will read.
    expect(describeSecrets(text).secretCount).toBe(String(targets.filter((t) => t.secretId).length));
  });
});
