import type { CommitStatusProvider } from '../config/commit-status-target.js';
import { basicAuth, type ProviderCredentials } from './provider-credentials.js';

/** Credentials that do not fit the provider; the message names the keys, never a value. */
export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

/**
 * The auth header of a `fetch` provider, from Flux's secret keys:
 * GitLab `PRIVATE-TOKEN` (https://docs.gitlab.com/api/rest/authentication/); Gitea `token <t>`;
 * Bitbucket Cloud Basic for `user:token` or username/password, else Bearer (access tokens,
 * https://developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication); Bitbucket Data
 * Center Basic for username/password, else Bearer (HTTP access tokens); Azure DevOps Basic with an
 * empty user and the PAT (https://learn.microsoft.com/en-us/azure/devops/integrate/get-started/authentication/authentication-guidance).
 * @throws CredentialsError when the secret lacks what the provider needs.
 */
export function authHeaders(provider: Exclude<CommitStatusProvider, 'github'>, credentials: ProviderCredentials): Record<string, string> {
  const { token, username, password } = credentials;
  const userPassword = username && password ? basicAuth(username, password) : undefined;
  switch (provider) {
    case 'gitlab':
      if (token) return { 'private-token': token };
      break;
    case 'gitea':
      if (token) return { authorization: `token ${token}` };
      break;
    case 'bitbucket': {
      const colon = token?.indexOf(':') ?? -1;
      if (token && colon > 0) return { authorization: basicAuth(token.slice(0, colon), token.slice(colon + 1)) };
      if (userPassword) return { authorization: userPassword };
      if (token) return { authorization: `Bearer ${token}` };
      break;
    }
    case 'bitbucketserver':
      if (userPassword) return { authorization: userPassword };
      if (token) return { authorization: `Bearer ${token}` };
      break;
    case 'azuredevops':
      if (token) return { authorization: basicAuth('', token) };
      break;
  }
  throw new CredentialsError(`the ${provider} credentials need key 'token'${provider.startsWith('bitbucket') ? " or 'username' and 'password'" : ''}`);
}
