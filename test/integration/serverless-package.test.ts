// `osls package --stage test` in throwaway copies of the project, with no AWS credentials and no ~/.aws,
// then checks the CloudFormation templates and the two zip artifacts of the default run.
// Three runs, one per event bus case (created; existing by name; existing by ARN), each in its own copy
// so they can run at the same time: most of a run is osls loading itself, not packaging.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { localContext, toApiGatewayEvent } from '../../lib/local/api-gateway-event.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COPIED = ['functions', 'lib', 'infra/aws', 'serverless.yml', 'package.json', 'tsconfig.json'];
const PACKAGE_TIMEOUT_MS = 300_000;
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

  it('defines both functions on nodejs22.x arm64 with their handlers', { timeout: 400_000 }, async () => {
    await packaged();
    const flux = template.Resources.FluxLambdaFunction.Properties;
    const argocd = template.Resources.ArgocdLambdaFunction.Properties;
    expect(flux).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'functions/flux.handler', Architectures: ['arm64'] });
    expect(argocd).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'functions/argocd.handler', Architectures: ['arm64'] });
    expect(flux).toMatchObject({ MemorySize: 128, Timeout: 15 });
    expect(argocd).toMatchObject({ MemorySize: 128, Timeout: 15 });
  });

  it('routes POST /flux and POST /argocd through payload 2.0 integrations', { timeout: 400_000 }, async () => {
    await packaged();
    const routes = Object.fromEntries(resourcesOfType('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r]));
    expect(Object.keys(routes).sort()).toEqual(['GET /deliveries', 'GET /deliveries/{proxy+}', 'POST /argocd', 'POST /flux']);
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

  it('throttles the HTTP API stage', { timeout: 400_000 }, async () => {
    await packaged();
    const stage = template.Resources.HttpApiStage.Properties;
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 });
  });

  it('grants no IAM action on Resource "*" and no wildcard actions', { timeout: 400_000 }, async () => {
    await packaged();
    for (const s of allStatements()) {
      expect(resourcesOf(s), JSON.stringify(s)).not.toContain('*');
      for (const action of actionsOf(s)) expect(action, JSON.stringify(s)).not.toMatch(/\*/);
    }
  });

  it('limits secretsmanager:GetSecretValue to the inbound secret by default', { timeout: 400_000 }, async () => {
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

  it('adds GetSecretValue on the outbound secret ARN only when its name is given', { timeout: 400_000 }, async () => {
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

  it('limits events:PutEvents to the bus the stack creates', { timeout: 400_000 }, async () => {
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

  it('uses an existing bus by name when createEventBus is false', { timeout: 400_000 }, async () => {
    await packaged();
    expect(templateWithParams.Conditions.CreateEventBus).toEqual({ 'Fn::Equals': ['false', 'true'] });
    expect(templateWithParams.Resources.EventBus.Condition).toBe('CreateEventBus');
    const statements = statementsFor('events:', templateWithParams);
    expect(statements).toEqual([{ Effect: 'Allow', Action: ['events:PutEvents'], Resource: { 'Fn::Sub': `${BUS_ARN_SUB}shared-bus` } }]);
    expect(busOfEachFunction(templateWithParams)).toEqual(['shared-bus', 'shared-bus']);
  });

  it('uses an existing bus by ARN as given, in IAM and in the functions', { timeout: 400_000 }, async () => {
    await packaged();
    expect(templateWithBusArn.Conditions.CreateEventBus).toEqual({ 'Fn::Equals': ['false', 'true'] });
    expect(templateWithBusArn.Resources.EventBus.Condition).toBe('CreateEventBus');
    const statements = statementsFor('events:', templateWithBusArn);
    expect(statements).toEqual([{ Effect: 'Allow', Action: ['events:PutEvents'], Resource: SHARED_BUS_ARN }]);
    expect(busOfEachFunction(templateWithBusArn)).toEqual([SHARED_BUS_ARN, SHARED_BUS_ARN]);
    expect(JSON.stringify(templateWithBusArn)).not.toContain('event-bus/arn:');
  });

  it('refuses to package a bus ARN while createEventBus is true', { timeout: 400_000 }, async () => {
    await packaged();
    expect(rejectedArnToCreate).toContain('eventBusName is an ARN: set createEventBus=false');
    expect(rejectedArnToCreate).not.toMatch(/\n\s+at /);
  });

  it('limits DynamoDB actions to the Argo CD state table', { timeout: 400_000 }, async () => {
    await packaged();
    const statements = statementsFor('dynamodb:');
    expect(statements).toHaveLength(1);
    expect([...actionsOf(statements[0]!)].sort()).toEqual(
      ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    );
    expect(resourcesOf(statements[0]!)).toEqual([{ 'Fn::GetAtt': ['ArgocdStateTable', 'Arn'] }]);
  });

  it('creates the state table with TTL on expiresAt and point-in-time recovery', { timeout: 400_000 }, async () => {
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

  it('creates the inbound token secret with a generated token', { timeout: 400_000 }, async () => {
    await packaged();
    const secret = template.Resources.InboundTokenSecret;
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.Properties.Name).toBe('cdevents-bridge-test-inbound');
    expect(secret.Properties.GenerateSecretString).toMatchObject({ GenerateStringKey: 'token' });
  });

  it('sets the environment as literal strings', { timeout: 400_000 }, async () => {
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
      // The queue URL holds the account id, which only CloudFormation knows at deploy time.
      expect(vars.BRIDGE_OUTBOX_QUEUE_URL).toEqual({ Ref: 'OutboxQueue' });
      for (const [key, value] of Object.entries(vars)) {
        if (key === 'BRIDGE_OUTBOX_QUEUE_URL') continue;
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
    expect(argocd).toHaveProperty('ARGOCD_MAX_EVENT_AGE_SECONDS');
    expect(argocd).toHaveProperty('ARGOCD_INSTANCE');
  });

  it('holds undelivered events in an encrypted SQS outbox with a DLQ, a redrive function and alarms', { timeout: 400_000 }, async () => {
    await packaged();
    const { OutboxQueue: queue, OutboxDeadLetterQueue: dlq } = template.Resources;
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties).toMatchObject({
      MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true, VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['OutboxDeadLetterQueue', 'Arn'] }, maxReceiveCount: '130' },
    });
    expect(dlq.Properties).toMatchObject({ MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true });
    const redrive = template.Resources.RedriveLambdaFunction.Properties;
    expect(redrive.Timeout * 6).toBeLessThanOrEqual(queue.Properties.VisibilityTimeout);
    expect(redrive.Environment.Variables).toMatchObject({ ARGOCD_STATE_TABLE: 'cdevents-bridge-test-argocd-state' });
    const mapping = Object.values(template.Resources).find((r: Json) => r.Type === 'AWS::Lambda::EventSourceMapping') as Json;
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['OutboxQueue', 'Arn'] }, BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 2 },
    });
    const alarms = Object.values(template.Resources).filter((r: Json) => r.Type === 'AWS::CloudWatch::Alarm') as Json[];
    expect(alarms.map((a) => [a.Properties.MetricName, a.Properties.Threshold]).sort()).toEqual([
      ['ApproximateAgeOfOldestMessage', 900], ['ApproximateNumberOfMessagesVisible', 0],
    ]);
    // Sending and the visibility change are scoped to the outbox queue; nothing may touch the DLQ but SQS.
    const sqsStatements = allStatements().filter((st) => actionsOf(st).some((a) => a.startsWith('sqs:')));
    for (const st of sqsStatements) expect(JSON.stringify(resourcesOf(st))).not.toContain('OutboxDeadLetterQueue');
    expect(sqsStatements.flatMap(actionsOf)).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sqs:ChangeMessageVisibility']));
  });

  it('outputs the API URL, secret name, bus name and table name', { timeout: 400_000 }, async () => {
    await packaged();
    expect(Object.keys(template.Outputs)).toEqual(
      expect.arrayContaining(['HttpApiUrl', 'InboundTokenSecretName', 'EventBusName', 'ArgocdStateTableName']),
    );
    expect(template.Outputs.InboundTokenSecretName.Value).toBe('cdevents-bridge-test-inbound');
  });

  it('writes one ESM bundle per function', { timeout: 400_000 }, async () => {
    await packaged();
    for (const fn of ['flux', 'argocd', 'redrive']) {
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

  describe('the deliveries route', () => {
    const PAGE_FILES = ['index.html', 'app.js', 'dom.js', 'detail.js', 'app.css'];
    const TABLE = 'cdevents-bridge-test-argocd-state';
    const zipOf = async (fn: string) => readZip(await readFile(path.join(workDir, 'project/.serverless', `${fn}.zip`)));
    const statementsOf = (role: Json): Json[] => role.Properties.Policies.flatMap((p: Json) => p.PolicyDocument.Statement);

    it('routes GET /deliveries and GET /deliveries/{proxy+} to the deliveries function (payload 2.0)', { timeout: 400_000 }, async () => {
      await packaged();
      const routes = Object.values(template.Resources as Record<string, Json>).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
      const deliveries = routes.filter((r) => r.Properties.RouteKey.includes('/deliveries'));
      expect(deliveries.map((r) => r.Properties.RouteKey).sort()).toEqual(['GET /deliveries', 'GET /deliveries/{proxy+}']);
      for (const route of deliveries) expect(JSON.stringify(route.Properties.Target)).toContain('HttpApiIntegrationDeliveries');
      const integration = template.Resources.HttpApiIntegrationDeliveries.Properties;
      expect(integration).toMatchObject({ PayloadFormatVersion: '2.0', IntegrationType: 'AWS_PROXY' });
      expect(JSON.stringify(integration.IntegrationUri)).toContain('DeliveriesLambdaFunction');
      expect(template.Resources.DeliveriesLambdaFunction.Properties).toMatchObject({
        Handler: 'functions/deliveries.handler', Runtime: 'nodejs22.x', Role: { 'Fn::GetAtt': ['DeliveriesRole', 'Arn'] },
      });
    });

    it('gives the deliveries function a read-only role: its logs, the inbound secret, GetItem and BatchGetItem on the table', { timeout: 400_000 }, async () => {
      await packaged();
      const statements = statementsOf(template.Resources.DeliveriesRole);
      expect(statements.flatMap(actionsOf).sort()).toEqual(
        ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue'],
      );
      const resourceOf = (prefix: string) => statements.find((s) => actionsOf(s)[0]!.startsWith(prefix)).Resource;
      expect(resourceOf('dynamodb:')).toEqual({ 'Fn::GetAtt': ['ArgocdStateTable', 'Arn'] });
      expect(resourceOf('secretsmanager:')).toEqual({ Ref: 'InboundTokenSecret' });
      expect(JSON.stringify(resourceOf('logs:'))).toContain('log-group:/aws/lambda/cdevents-bridge-test-deliveries:*');
      expect(template.Resources.DeliveriesRole.Properties.AssumeRolePolicyDocument.Statement)
        .toEqual([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    });

    it('lets the webhooks write the history (UpdateItem, PutItem) on the table, which expires items by TTL', { timeout: 400_000 }, async () => {
      await packaged();
      const shared = statementsOf(template.Resources.IamRoleLambdaExecution).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      expect(shared.flatMap(actionsOf)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
      expect(shared.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': ['ArgocdStateTable', 'Arn'] }]);
      expect(template.Resources.ArgocdStateTable.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    });

    it('gives writers and reader the same history settings', { timeout: 400_000 }, async () => {
      await packaged();
      const expected = { BRIDGE_DELIVERIES_ENABLED: 'true', BRIDGE_DELIVERIES_TABLE: TABLE, BRIDGE_DELIVERIES_HISTORY_SIZE: '200', BRIDGE_DELIVERIES_RETENTION_DAYS: '7' };
      for (const fn of ['FluxLambdaFunction', 'ArgocdLambdaFunction', 'DeliveriesLambdaFunction']) {
        expect(template.Resources[fn].Properties.Environment.Variables, fn).toMatchObject(expected);
      }
      expect(template.Resources.DeliveriesLambdaFunction.Properties.Environment.Variables)
        .toMatchObject({ BRIDGE_TOKEN_SECRET_ID: 'cdevents-bridge-test-inbound', POWERTOOLS_SERVICE_NAME: 'cdevents-bridge-deliveries' });
    });

    it('ships the page files with the deliveries bundle only, and the bundle serves them', { timeout: 400_000 }, async () => {
      await packaged();
      const zip = await zipOf('deliveries');
      for (const file of PAGE_FILES) expect(zip.get(`lib/deliveries/page/${file}`), file).toBeDefined();
      expect([...(await zipOf('flux')).keys()].some((name) => name.startsWith('lib/deliveries/page/'))).toBe(false);
      // Unpack the zip as Lambda does and ask the bundled handler for a page file.
      const task = path.join(workDir, 'task');
      for (const [name, data] of zip) {
        await mkdir(path.dirname(path.join(task, name)), { recursive: true });
        await writeFile(path.join(task, name), data);
      }
      const saved = { ...process.env };
      Object.assign(process.env, { BRIDGE_TOKENS: 'package-test-token', BRIDGE_TOKEN_SECRET_ID: '', BRIDGE_DELIVERIES_TABLE: '' });
      try {
        const { handler } = await import(pathToFileURL(path.join(task, 'functions/deliveries.mjs')).href);
        const event = toApiGatewayEvent('GET', '/deliveries/app.js', { authorization: 'Bearer package-test-token' }, Buffer.alloc(0), '127.0.0.1');
        const result = await handler(event, localContext('deliveries', 5_000));
        expect(result.statusCode).toBe(200);
        expect(result.body).toBe(await readFile(path.join(ROOT, 'lib/deliveries/page/app.js'), 'utf8'));
      } finally {
        process.env = saved;
      }
    });
  });
});
