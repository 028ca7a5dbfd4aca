// Bundles entries with the esbuild options of serverless.yml, as osls packages them (benchmark, not a test).
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './bodies.js';

/** Where bundles and generated entries go. */
export const OUT_DIR = path.join(ROOT, '.tmp/bench');

/** serverless.yml, parsed (its `${…}` variables left as text). */
export function serverlessYml(): ReturnType<typeof parseYaml> {
  return parseYaml(readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'error' });
}

/** The serverless-esbuild options of serverless.yml, translated to esbuild's. */
function esbuildOptions(): BuildOptions {
  const o = serverlessYml().custom.esbuild;
  return {
    bundle: o.bundle, minify: o.minify, sourcemap: o.sourcemap, keepNames: o.keepNames, target: o.target,
    platform: o.platform, format: o.format, banner: o.banner, external: o.exclude ?? [],
    outExtension: { '.js': o.outputFileExtension }, logLevel: 'error', metafile: true,
  };
}

/** A bundle on disk, with the AWS SDK clients it holds. */
export interface Bundle {
  file: string;
  bytes: number;
  sdkClients: string[];
}

/** Bundles `entry` (absolute path) to `OUT_DIR/<name>.mjs`. */
export async function bundle(entry: string, name: string): Promise<Bundle> {
  await mkdir(OUT_DIR, { recursive: true });
  const result = await build({ ...esbuildOptions(), entryPoints: { [name]: entry }, outdir: OUT_DIR, write: false });
  const output = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
  if (!output) throw new Error(`esbuild wrote no .mjs for ${name}`);
  await writeFile(output.path, output.contents);
  const clients = new Set<string>();
  for (const input of Object.keys(result.metafile?.inputs ?? {})) {
    const match = /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(input);
    if (match) clients.add(match[1]!);
  }
  return { file: output.path, bytes: output.contents.length, sdkClients: [...clients].sort() };
}

/** The class a `@aws-sdk/client-…` package exports, e.g. `client-secrets-manager` → `SecretsManagerClient`. */
function clientClass(pkg: string): string {
  const known: Record<string, string> = { 'client-dynamodb': 'DynamoDBClient', 'client-sqs': 'SQSClient', 'client-eventbridge': 'EventBridgeClient' };
  return known[pkg] ?? `${pkg.slice('client-'.length).split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}Client`;
}

/**
 * The cold-start floor: an empty middy handler that imports the same SDK clients as `like`,
 * bundled the same way.
 */
export async function bundleEmptyHandler(like: Bundle, name: string): Promise<Bundle> {
  const imports = like.sdkClients.map((pkg) => `import { ${clientClass(pkg)} } from '@aws-sdk/${pkg}';`);
  const source = [
    "import middy from '@middy/core';",
    ...imports,
    `export const clients = [${like.sdkClients.map(clientClass).join(', ')}];`,
    "export const handler = middy(async () => ({ statusCode: 202, body: '{\"status\":\"accepted\"}' }));",
  ].join('\n');
  const entry = path.join(OUT_DIR, `${name}-entry.ts`);
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(entry, `${source}\n`);
  return bundle(entry, name);
}
