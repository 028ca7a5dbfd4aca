import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SdkSender } from '../../aws/lazy-client.js';
import { CachedSecret } from '../../auth/cached-secret.js';
import type { CommitStatusTarget } from '../config/commit-status-target.js';
import { CredentialsError } from '../providers/auth-headers.js';
import { parseProviderSecret, type ProviderCredentials } from '../providers/provider-credentials.js';

/** Supplies a target's current credentials; the same object while the secret is unchanged. */
export type CredentialsSupplier = () => Promise<ProviderCredentials>;

/** Secrets Manager errors that a retry cannot fix (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html#API_GetSecretValue_Errors). */
const PERMANENT = new Set(['ResourceNotFoundException', 'AccessDeniedException', 'DecryptionFailure', 'InvalidRequestException']);

/**
 * The credentials of a target: the inline `token`, or its Secrets Manager secret read through
 * {@link CachedSecret} (refreshed after `cacheSeconds`) and parsed with Flux's key names.
 * @throws CredentialsError (from the supplier) when the secret is missing or not readable by the
 *   function; other read errors are rethrown as they are, to be retried.
 */
export function targetCredentials(target: CommitStatusTarget, client: SdkSender<SecretsManagerClient> | undefined, cacheSeconds: number): CredentialsSupplier {
  if (target.token !== undefined) {
    const fixed = Object.freeze({ token: target.token });
    return async () => fixed;
  }
  if (!client || !target.secretId) throw new CredentialsError(`target '${target.name}' names a secret but no Secrets Manager client was given`);
  const secret = new CachedSecret(client, target.secretId, cacheSeconds * 1000);
  let parsed: { text: string; credentials: ProviderCredentials } | undefined;
  return async () => {
    let text: string;
    try {
      text = (await secret.get()).current;
    } catch (error) {
      const name = (error as Error)?.name ?? 'Error';
      if (PERMANENT.has(name)) throw new CredentialsError(`the secret of target '${target.name}' cannot be read (${name})`);
      throw error;
    }
    if (parsed?.text !== text) parsed = { text, credentials: parseProviderSecret(text) };
    return parsed.credentials;
  };
}
