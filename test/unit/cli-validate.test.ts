import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-validate-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function validate(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['validate', ...args], {
    env: {}, stdin: Readable.from([Buffer.from(stdin)]),
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
  });
  return { code, stdout, stderr };
}

describe('cdevents-bridge validate', () => {
  it('lists the rules of a line file as a table', async () => {
    const path = file('mapping.yaml', [
      '# Flux → CDEvents overrides',
      'ReconciliationFinished: dev.cdevents.pipelinerun.finished',
      'HelmRelease/UpgradeSucceeded: service.upgraded   # short name',
      '"Kustomization/Progressing": \'ignore\'',
    ].join('\n'));
    expect(await validate([path])).toEqual({
      code: 0, stderr: '',
      stdout: [
        `${path}: 3 rules OK (overriding the semantic profile)`,
        'FLUX EVENT                    EMITS',
        'ReconciliationFinished        pipelinerun.finished',
        'HelmRelease/UpgradeSucceeded  service.upgraded',
        'Kustomization/Progressing     ignore',
        '',
      ].join('\n'),
    });
  });

  it('reads a JSON file, an empty file and standard input, against the chosen profile', async () => {
    const json = file('mapping.json', '{"GitOperationFailed": "dev.cdevents.incident.detected.0.3.0"}');
    expect((await validate([json, '--profile', 'rfc'])).stdout.split('\n')[0]).toBe(`${json}: 1 rule OK (overriding the rfc profile)`);
    expect((await validate([file('empty.yaml', '# nothing yet\n')])).stdout).toMatch(/: 0 rules OK \(overriding the semantic profile\)\n$/);
    expect((await validate(['-'], 'Kustomization/Progressing: ignore\n')).stdout.split('\n')[0]).toBe('-: 1 rule OK (overriding the semantic profile)');
  });

  it.each([
    ['an unknown type', 'Foo: dev.cdevents.service.exploded', /^cdevents-bridge: rule 'Foo: dev\.cdevents\.service\.exploded' in bad\.yaml \(line 1\): unknown CDEvent type/],
    ['a type whose content Flux cannot supply', '# ok\nA: ignore\nB: ticket.created', /^cdevents-bridge: rule 'B: ticket\.created' in bad\.yaml \(line 3\): cannot derive required content 'creator', 'uri'$/],
    ['a duplicate rule', 'A: ignore\nA: service.deployed', /^cdevents-bridge: line 2 in bad\.yaml: duplicate rule for 'A'$/],
  ])('rejects %s with one line naming the rule and line, exit 2', async (_name, text, message) => {
    const run = await validate([file('bad.yaml', text)]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
  });

  it('names a file it cannot read', async () => {
    expect(await validate([join(dir, 'missing.yaml')])).toEqual({ code: 2, stdout: '', stderr: `cdevents-bridge: cannot read ${join(dir, 'missing.yaml')}: ENOENT\n` });
  });
});
