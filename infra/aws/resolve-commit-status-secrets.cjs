// @ts-check
'use strict';
// Resolves the secretsmanager:GetSecretValue resources of the commit-status targets while `osls package`
// reads serverless.yml, offline: the secrets are named inside the file given by the `commitStatusFile`
// param (BRIDGE_COMMIT_STATUS_FILE), so the functions may read those secrets and no other.
// CommonJS, because osls loads `${file(...)}` JavaScript sources with require().
// The running bridge validates the whole file (lib/commit-status/config/); this script reads only
// `targets[].secretId`, and test/integration/commit-status-package.test.ts checks the result.

const { readFileSync } = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');

// A Secrets Manager ARN ends in the name and "-" plus 6 random characters; a name does not.
const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/**
 * An error for a wrong param or file, without a stack (osls prints `error.stack`).
 * @param {string} message
 */
function paramError(message) {
  const error = new Error(message);
  error.stack = message;
  return error;
}

/**
 * The IAM resources for the secrets a commit-status file names: an ARN as given, a name as the ARN
 * pattern of that name in the stack's partition, Region and account (`<name>-??????`).
 * @param {string} text the file's YAML or JSON
 * @returns {{ secretResources: Array<string | { 'Fn::Sub': string }>, secretCount: string }}
 * @throws Error when the file is not YAML or a secretId is neither a secret name nor an ARN.
 */
function describeSecrets(text) {
  let document;
  try {
    document = parse(text);
  } catch {
    throw paramError('commitStatusFile is not valid YAML or JSON');
  }
  const targets = Array.isArray(document?.targets) ? document.targets : [];
  const ids = [...new Set(targets.map((/** @type {any} */ t) => t?.secretId).filter((id) => typeof id === 'string' && id.trim() !== '').map((id) => id.trim()))];
  const secretResources = ids.map((id) => {
    if (SECRET_ARN.test(id)) return id;
    if (!SECRET_NAME.test(id)) throw paramError('commitStatusFile: a secretId is neither a Secrets Manager secret name nor an ARN');
    return { 'Fn::Sub': `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${id}-??????` };
  });
  return { secretResources, secretCount: String(secretResources.length) };
}

/**
 * The osls `${file(...)}` entry point: reads the `commitStatusFile` param and the file it names
 * (relative to the service folder, as it is inside the zip).
 * @param {{ resolveVariable: (address: string) => Promise<unknown> }} osls
 * @throws Error when the file cannot be read or names a bad secret.
 */
async function resolveCommitStatusSecrets({ resolveVariable }) {
  const file = String(await resolveVariable('param:commitStatusFile') ?? '').trim();
  if (!file) return { secretResources: [], secretCount: '0' };
  let text;
  try {
    text = readFileSync(path.resolve(process.cwd(), file), 'utf8');
  } catch {
    throw paramError(`commitStatusFile cannot be read: ${file}; give a path relative to the service folder`);
  }
  return describeSecrets(text);
}

module.exports = resolveCommitStatusSecrets;
module.exports.describeSecrets = describeSecrets;
