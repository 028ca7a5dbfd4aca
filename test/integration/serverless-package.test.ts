// `osls package --stage test` in throwaway copies of the project, with no AWS credentials and no ~/.aws,
// then checks the CloudFormation templates and the two zip artifacts of the default run.
// Three runs, one per event bus case (created; existing by name; existing by ARN), each in its own copy
// so they can run at the same time: most of a run is osls loading itself, not packaging.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink, unlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COPIED = ['functions', 'lib', 'infra/aws', 'serverless.yml', 'package.json', 'tsconfig.json'];
const PACKAGE_TIMEOUT_MS = 120_000;
const STAGE = 'test';
const SHARED_BUS_ARN = 'arn:aws:events:eu-west-1:123456789012:event-bus/shared-bus';
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders, not JavaScript
const BUS_ARN_SUB = 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/';

type Json = any; // CloudFormation templates are untyped JSON
type Statement = { Effect: string; Action: string | string[]; Resource: Json };

let workDir = '';
let template: Json; // default params: the stack creates the bus
let templateWithParams: Json; // --param sinkTokenSecretName=… createEventBus=false eventBusName=shared-bus
let templateWithBusArn: Json; // --param createEventBus=false eventBusName=<ARN>
let rejectedArnToCreate = ''; // osls output for eventBusName=<ARN> with createEventBus left 'true'
let packageMs = 0;

/** Runs osls with AWS_* removed from the environment and HOME pointing at an empty folder. */
function runPackage(cwd: string, home: string, extraArgs: string[] = []): Promise<{ stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')),
  );
  env.HOME = home;
  env.USERPROFILE = home;
  const cli = path.join(cwd, 'node_modules/osls/bin/serverless.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, 'package', '--stage', STAGE, ...extraArgs],
      { cwd, env, timeout: PACKAGE_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`osls package failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** Reads the central directory of a zip and returns each entry's name and uncompressed content. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function resourcesOfType(type: string): Array<[string, Json]> {
  return Object.entries(template.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
}

/** Every IAM statement the functions can get: the role's inline policies plus (conditional) standalone ones. */
function allStatements(t: Json = template): Statement[] {
  const role = t.Resources.IamRoleLambdaExecution;
  const inline = (role.Properties.Policies as Json[]).flatMap((p) => p.PolicyDocument.Statement);
  const standalone = Object.values(t.Resources as Record<string, Json>)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
  return [...inline, ...standalone] as Statement[];
}

const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement): Json[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
const statementsFor = (prefix: string, t: Json = template): Statement[] =>
  allStatements(t).filter((s) => actionsOf(s).some((a) => a.startsWith(prefix)));
/** CDEVENTS_EVENT_BUS of the flux and the argocd function. */
const busOfEachFunction = (t: Json): string[] =>
  ['FluxLambdaFunction', 'ArgocdLambdaFunction'].map((fn) => t.Resources[fn].Properties.Environment.Variables.CDEVENTS_EVENT_BUS);

/** Copies the project into `workDir/<name>`, with node_modules linked, and returns the copy's path. */
async function copyProject(name: string): Promise<string> {
  const project = path.join(workDir, name);
  for (const entry of COPIED) {
    await cp(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
  }
  await symlink(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  return project;
}

/** Packages one copy with the given params and returns its template. */
async function packageCopy(name: string, home: string, params: string[]): Promise<Json> {
  const project = await copyProject(name);
  await runPackage(project, home, params.map((p) => `--param=${p}`));
  return JSON.parse(await readFile(path.join(project, '.serverless/cloudformation-template-update-stack.json'), 'utf8'));
}

/** Runs osls where it must refuse the params, and returns what it printed. */
async function packageRefused(name: string, home: string, params: string[]): Promise<string> {
  const project = await copyProject(name);
  try {
    await runPackage(project, home, params.map((p) => `--param=${p}`));
  } catch (error) {
    return (error as Error).message;
  }
  return 'osls package succeeded';
}

/** Packages the project once per event bus case, concurrently, and loads the templates. */
async function packageProject(): Promise<void> {
  for (const handler of ['functions/flux.ts', 'functions/argocd.ts']) {
    if (!existsSync(path.join(ROOT, handler))) throw new Error(`${handler} is missing: nothing to package`);
  }
  workDir = await mkdtemp(path.join(tmpdir(), 'cdevents-pkg-'));
  const home = path.join(workDir, 'home');
  await mkdir(home);
  const started = performance.now();
  [template, templateWithParams, templateWithBusArn, rejectedArnToCreate] = await Promise.all([
    packageCopy('project', home, []),
    packageCopy('by-name', home, ['sinkTokenSecretName=broker/token', 'createEventBus=false', 'eventBusName=shared-bus']),
    packageCopy('by-arn', home, ['createEventBus=false', `eventBusName=${SHARED_BUS_ARN}`]),
    packageRefused('arn-to-create', home, [`eventBusName=${SHARED_BUS_ARN}`]),
  ]);
  packageMs = performance.now() - started;
  console.log(`osls package --stage ${STAGE}, 4 runs at once: ${(packageMs / 1000).toFixed(1)} s`);
}

let setup: Promise<void> | undefined;
/** Packages once per file; every test awaits it, so a packaging failure fails each test instead of skipping it. */
const packaged = (): Promise<void> => (setup ??= packageProject());

describe('osls package (offline, no AWS credentials)', () => {
  afterAll(async () => {
    if (!workDir) return;
    for (const copy of ['project', 'by-name', 'by-arn', 'arn-to-create']) {
      await unlink(path.join(workDir, copy, 'node_modules')).catch(() => undefined);
    }
    await rm(workDir, { recursive: true, force: true });
  });

  it('defines both functions on nodejs22.x arm64 with their handlers', { timeout: 180_000 }, async () => {
    await packaged();
    const flux = template.Resources.FluxLambdaFunction.Properties;
    const argocd = template.Resources.ArgocdLambdaFunction.Properties;
    expect(flux).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'functions/flux.handler', Architectures: ['arm64'] });
    expect(argocd).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'functions/argocd.handler', Architectures: ['arm64'] });
    expect(flux).toMatchObject({ MemorySize: 256, Timeout: 15 });
    expect(argocd).toMatchObject({ MemorySize: 256, Timeout: 15 });
  });

  it('routes POST /flux and POST /argocd through payload 2.0 integrations', { timeout: 180_000 }, async () => {
    await packaged();
    const routes = Object.fromEntries(resourcesOfType('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r]));
    expect(Object.keys(routes).sort()).toEqual(['POST /argocd', 'POST /flux']);
    for (const [routeKey, fn] of [['POST /flux', 'Flux'], ['POST /argocd', 'Argocd']] as const) {
      const target = JSON.stringify(routes[routeKey].Properties.Target);
      const integrationId = `HttpApiIntegration${fn}`;
      expect(target).toContain(integrationId);
      const integration = template.Resources[integrationId].Properties;
      expect(integration.PayloadFormatVersion).toBe('2.0');
      expect(integration.IntegrationType).toBe('AWS_PROXY');
      expect(JSON.stringify(integration.IntegrationUri)).toContain(`${fn}LambdaFunction`);
    }
  });

  it('throttles the HTTP API stage', { timeout: 180_000 }, async () => {
    await packaged();
    const stage = template.Resources.HttpApiStage.Properties;
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 });
  });

  it('grants no IAM action on Resource "*" and no wildcard actions', { timeout: 180_000 }, async () => {
    await packaged();
    for (const s of allStatements()) {
      expect(resourcesOf(s), JSON.stringify(s)).not.toContain('*');
      for (const action of actionsOf(s)) expect(action, JSON.stringify(s)).not.toMatch(/\*/);
    }
  });

  it('limits secretsmanager:GetSecretValue to the inbound secret by default', { timeout: 180_000 }, async () => {
    await packaged();
    const role = template.Resources.IamRoleLambdaExecution.Properties.Policies[0].PolicyDocument.Statement as Statement[];
    const inRole = role.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
    expect(inRole).toEqual([
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: { Ref: 'InboundTokenSecret' } },
    ]);
    // The outbound-token policy is conditional and off while sinkTokenSecretName is empty.
    expect(template.Resources.SinkTokenSecretPolicy.Condition).toBe('HasSinkTokenSecret');
    expect(template.Conditions.HasSinkTokenSecret).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
  });

  it('adds GetSecretValue on the outbound secret ARN only when its name is given', { timeout: 180_000 }, async () => {
    await packaged();
    const policy = templateWithParams.Resources.SinkTokenSecretPolicy;
    expect(policy.Condition).toBe('HasSinkTokenSecret');
    expect(templateWithParams.Conditions.HasSinkTokenSecret).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['broker/token', ''] }] });
    expect(policy.Properties.Roles).toEqual([{ Ref: 'IamRoleLambdaExecution' }]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders, not JavaScript
          'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:broker/token-??????',
        },
      },
    ]);
    expect(templateWithParams.Resources.FluxLambdaFunction.Properties.Environment.Variables)
      .toMatchObject({ CDEVENTS_SINK_TOKEN_SECRET_ID: 'broker/token', CDEVENTS_EVENT_BUS: 'shared-bus' });
  });

  it('limits events:PutEvents to the bus the stack creates', { timeout: 180_000 }, async () => {
    await packaged();
    const statements = statementsFor('events:');
    expect(statements).toHaveLength(1);
    expect(actionsOf(statements[0]!)).toEqual(['events:PutEvents']);
    expect(resourcesOf(statements[0]!)).toEqual([{ 'Fn::Sub': `${BUS_ARN_SUB}cdevents-bridge-test` }]);
    const bus = template.Resources.EventBus;
    expect(bus).toMatchObject({ Type: 'AWS::Events::EventBus', Condition: 'CreateEventBus', Properties: { Name: 'cdevents-bridge-test' } });
    expect(template.Conditions.CreateEventBus).toEqual({ 'Fn::Equals': ['true', 'true'] });
    expect(busOfEachFunction(template)).toEqual(['cdevents-bridge-test', 'cdevents-bridge-test']);
  });

  it('uses an existing bus by name when createEventBus is false', { timeout: 180_000 }, async () => {
    await packaged();
    expect(templateWithParams.Conditions.CreateEventBus).toEqual({ 'Fn::Equals': ['false', 'true'] });
    expect(templateWithParams.Resources.EventBus.Condition).toBe('CreateEventBus');
    const statements = statementsFor('events:', templateWithParams);
    expect(statements).toEqual([{ Effect: 'Allow', Action: ['events:PutEvents'], Resource: { 'Fn::Sub': `${BUS_ARN_SUB}shared-bus` } }]);
    expect(busOfEachFunction(templateWithParams)).toEqual(['shared-bus', 'shared-bus']);
  });

  it('uses an existing bus by ARN as given, in IAM and in the functions', { timeout: 180_000 }, async () => {
    await packaged();
    expect(templateWithBusArn.Conditions.CreateEventBus).toEqual({ 'Fn::Equals': ['false', 'true'] });
    expect(templateWithBusArn.Resources.EventBus.Condition).toBe('CreateEventBus');
    const statements = statementsFor('events:', templateWithBusArn);
    expect(statements).toEqual([{ Effect: 'Allow', Action: ['events:PutEvents'], Resource: SHARED_BUS_ARN }]);
    expect(busOfEachFunction(templateWithBusArn)).toEqual([SHARED_BUS_ARN, SHARED_BUS_ARN]);
    expect(JSON.stringify(templateWithBusArn)).not.toContain('event-bus/arn:');
  });

  it('refuses to package a bus ARN while createEventBus is true', { timeout: 180_000 }, async () => {
    await packaged();
    expect(rejectedArnToCreate).toContain('eventBusName is an ARN: set createEventBus=false');
    expect(rejectedArnToCreate).not.toMatch(/\n\s+at /);
  });

  it('limits DynamoDB actions to the Argo CD state table', { timeout: 180_000 }, async () => {
    await packaged();
    const statements = statementsFor('dynamodb:');
    expect(statements).toHaveLength(1);
    expect([...actionsOf(statements[0]!)].sort()).toEqual(
      ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    );
    expect(resourcesOf(statements[0]!)).toEqual([{ 'Fn::GetAtt': ['ArgocdStateTable', 'Arn'] }]);
  });

  it('creates the state table with TTL on expiresAt and point-in-time recovery', { timeout: 180_000 }, async () => {
    await packaged();
    const table = template.Resources.ArgocdStateTable;
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.Properties).toMatchObject({
      TableName: 'cdevents-bridge-test-argocd-state',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('creates the inbound token secret with a generated token', { timeout: 180_000 }, async () => {
    await packaged();
    const secret = template.Resources.InboundTokenSecret;
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.Properties.Name).toBe('cdevents-bridge-test-inbound');
    expect(secret.Properties.GenerateSecretString).toMatchObject({ GenerateStringKey: 'token' });
  });

  it('sets the environment as literal strings', { timeout: 180_000 }, async () => {
    await packaged();
    const shared = [
      'CDEVENTS_SPEC_VERSION', 'CDEVENTS_SINK_URL', 'CDEVENTS_SINK_MODE', 'CDEVENTS_SINK_TOKEN_SECRET_ID',
      'CDEVENTS_EVENT_BUS', 'CDEVENTS_EVENTBRIDGE_SOURCE', 'CDEVENTS_EVENTBRIDGE_MAX_ENTRY_BYTES',
      'BRIDGE_TOKEN_SECRET_ID', 'BRIDGE_SECRET_CACHE_SECONDS', 'BRIDGE_MAX_BODY_BYTES',
      'BRIDGE_DELIVERY_TIMEOUT_MS', 'BRIDGE_CLUSTER', 'BRIDGE_DEFAULT_ENVIRONMENT', 'BRIDGE_MAPPING_FILE',
      'LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE',
    ];
    const flux = template.Resources.FluxLambdaFunction.Properties.Environment.Variables;
    const argocd = template.Resources.ArgocdLambdaFunction.Properties.Environment.Variables;
    for (const vars of [flux, argocd]) {
      for (const key of shared) expect(vars, key).toHaveProperty(key);
      for (const [key, value] of Object.entries(vars)) {
        expect(typeof value, key).toBe('string');
        expect(value, key).not.toContain('[object Object]');
      }
      expect(vars).toMatchObject({
        CDEVENTS_SPEC_VERSION: '0.5.1',
        CDEVENTS_EVENT_BUS: 'cdevents-bridge-test',
        BRIDGE_TOKEN_SECRET_ID: 'cdevents-bridge-test-inbound',
        POWERTOOLS_METRICS_NAMESPACE: 'CDEventsBridge',
      });
    }
    expect(flux).toHaveProperty('FLUX_MAPPING_PROFILE');
    expect(flux).not.toHaveProperty('ARGOCD_STATE_TABLE');
    expect(argocd).toMatchObject({ ARGOCD_STATE_TABLE: 'cdevents-bridge-test-argocd-state' });
    expect(argocd).toHaveProperty('ARGOCD_REPLAY_WINDOW_SECONDS');
    expect(argocd).toHaveProperty('ARGOCD_INSTANCE');
  });

  it('outputs the API URL, secret name, bus name and table name', { timeout: 180_000 }, async () => {
    await packaged();
    expect(Object.keys(template.Outputs)).toEqual(
      expect.arrayContaining(['HttpApiUrl', 'InboundTokenSecretName', 'EventBusName', 'ArgocdStateTableName']),
    );
    expect(template.Outputs.InboundTokenSecretName.Value).toBe('cdevents-bridge-test-inbound');
  });

  it('writes one ESM bundle per function', { timeout: 180_000 }, async () => {
    await packaged();
    for (const fn of ['flux', 'argocd']) {
      const zipPath = path.join(workDir, 'project/.serverless', `${fn}.zip`);
      const { size } = await stat(zipPath);
      const entries = readZip(await readFile(zipPath));
      const bundle = entries.get(`functions/${fn}.mjs`);
      const names = [...entries.keys()];
      console.log(`${fn}.zip: ${size} bytes; functions/${fn}.mjs ${bundle?.length ?? 0} bytes; entries ${names.join(', ')}`);
      expect(bundle, `functions/${fn}.mjs in ${fn}.zip`).toBeDefined();
      expect(bundle!.toString('utf8', 0, 200)).toContain('createRequire');
      expect(names.some((n) => n.endsWith('.map')), 'no source maps shipped').toBe(false);
      expect(names.some((n) => n.startsWith('node_modules/')), 'dependencies are bundled').toBe(false);
      expect(names.some((n) => n.startsWith('infra/')), 'the package-time script stays out').toBe(false);
      expect(size).toBeGreaterThan(1_000);
      expect(size).toBeLessThan(5 * 1024 * 1024);
    }
  });
});
