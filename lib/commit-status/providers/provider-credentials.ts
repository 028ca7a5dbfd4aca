/** A GitHub App installation, with Flux's key names in the secret. */
export interface GitHubAppCredentials {
  appId: string;
  installationId: string;
  privateKey: string;
}

/**
 * A provider's credentials with Flux's secret keys (`docs/spec/v1beta3/providers.md`): `token`,
 * `username`/`password`, or `githubAppID`/`githubAppInstallationID`/`githubAppPrivateKey`.
 */
export interface ProviderCredentials {
  token?: string;
  username?: string;
  password?: string;
  githubApp?: GitHubAppCredentials;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Reads a secret string: a JSON object with Flux's keys (as a Flux Provider secret would hold
 * them), or plain text that is the token itself.
 */
export function parseProviderSecret(secret: string): ProviderCredentials {
  const text = secret.trim();
  if (!text.startsWith('{')) return text ? { token: text } : {};
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
  if (record === null || typeof record !== 'object') return {};
  const [appId, installationId, privateKey] = ['githubAppID', 'githubAppInstallationID', 'githubAppPrivateKey'].map((key) => stringField(record, key));
  const credentials: ProviderCredentials = {};
  for (const key of ['token', 'username', 'password'] as const) {
    const value = stringField(record, key);
    if (value) credentials[key] = value;
  }
  if (appId && installationId && privateKey) credentials.githubApp = { appId, installationId, privateKey };
  return credentials;
}

/** Basic credentials `user:secret`, base64. */
export function basicAuth(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}
