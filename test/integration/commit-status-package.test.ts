// `osls package --stage test` in throwaway copies of the project (no AWS credentials, no ~/.aws), once
// without and once with a commit-status file, to check what serverless.yml does with it: the file ships
// in both zips, BRIDGE_COMMIT_STATUS_FILE names it, and GetSecretValue covers exactly its secrets.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COPIED = ['functions', 'lib', 'infra/aws', 'serverless.yml', 'package.json', 'tsconfig.json'];
const TARGETS = `targets:
  - name: shop-github
    provider: github
    address: https://github.com/shop-org/cart-deploy
    secretId: cdevents-bridge/github
    eventSources: [{ kind: Kustomization, name: cart }]
  - name: shop-gitlab
    provider: gitlab
    address: https://gitlab.com/shop/cart
    secretId: arn:aws:secretsmanager:eu-west-1:123456789012:secret:gitlab-AbCdEf
    eventSources: [{ kind: Application, name: "*" }]
  - name: local
    provider: gitea
    address: https://git.example.com/shop/cart
    token: inline-token-not-granted
    eventSources: [{ kind: Kustomization, name: "*" }]
`;

type Json = any; // CloudFormation templates are untyped JSON
let workDir = '';

function runPackage(cwd: string, home: string, params: string[]): Promise<void> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  env.HOME = home;
  const cli = path.join(cwd, 'node_modules/osls/bin/serverless.js');
  const args = [cli, 'package', '--stage', 'test', ...params.map((p) => `--param=${p}`)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, env, timeout: 120_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`osls package failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
}

async function packageCopy(name: string, home: string, params: string[], withFile: boolean): Promise<{ project: string; template: Json }> {
  const project = path.join(workDir, name);
  for (const entry of COPIED) await cp(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  if (withFile) {
    await mkdir(path.join(project, 'commit-status'));
    await writeFile(path.join(project, 'commit-status/targets.yaml'), TARGETS);
  }
  await runPackage(project, home, params);
  return { project, template: JSON.parse(await readFile(path.join(project, '.serverless/cloudformation-template-update-stack.json'), 'utf8')) };
}

let runs: Promise<[Json, Json]> | undefined;
function packaged(): Promise<[Json, Json]> {
  runs ??= (async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'cdevents-cs-pkg-'));
    const home = path.join(workDir, 'home');
    await mkdir(home);
    const [plain, withFile] = await Promise.all([
      packageCopy('plain', home, [], false),
      packageCopy('with-file', home, ['commitStatusFile=commit-status/targets.yaml'], true),
    ]);
    return [plain, withFile];
  })();
  return runs;
}

/** Names of the entries of a zip, from its central directory. */
function zipNames(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const names: string[] = [];
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i += 1) {
    const [nameLength, extra, comment] = [zip.readUInt16LE(at + 28), zip.readUInt16LE(at + 30), zip.readUInt16LE(at + 32)];
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

describe('osls package with a commit-status file', () => {
  afterAll(async () => {
    if (!workDir) return;
    for (const copy of ['plain', 'with-file']) await unlink(path.join(workDir, copy, 'node_modules')).catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  });

  it('without the param: BRIDGE_COMMIT_STATUS_FILE is empty and the secrets policy is off', { timeout: 180_000 }, async () => {
    const [{ template }] = await packaged();
    for (const fn of ['FluxLambdaFunction', 'ArgocdLambdaFunction']) {
      expect(template.Resources[fn].Properties.Environment.Variables.BRIDGE_COMMIT_STATUS_FILE).toBe('');
    }
    expect(template.Resources.CommitStatusSecretsPolicy.Condition).toBe('HasCommitStatusSecrets');
    expect(template.Conditions.HasCommitStatusSecrets).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['0', '0'] }] });
  });

  it('with it: the file ships in both zips and GetSecretValue covers exactly the named secrets', { timeout: 180_000 }, async () => {
    const [, { project, template }] = await packaged();
    expect(template.Conditions.HasCommitStatusSecrets).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['2', '0'] }] });
    const policy = template.Resources.CommitStatusSecretsPolicy.Properties;
    expect(policy.Roles).toEqual([{ Ref: 'IamRoleLambdaExecution' }]);
    expect(policy.PolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: [
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders, not JavaScript
        { 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:cdevents-bridge/github-??????' },
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gitlab-AbCdEf',
      ],
    }]);
    expect(JSON.stringify(template)).not.toContain('inline-token-not-granted');
    for (const fn of ['flux', 'argocd']) {
      expect(template.Resources[`${fn[0]!.toUpperCase()}${fn.slice(1)}LambdaFunction`].Properties.Environment.Variables.BRIDGE_COMMIT_STATUS_FILE).toBe('commit-status/targets.yaml');
      expect(zipNames(await readFile(path.join(project, '.serverless', `${fn}.zip`)))).toContain('commit-status/targets.yaml');
    }
  });
});
