import type { CachedSecret } from './cached-secret.js';
import { parseTokenSecret } from './parse-token-secret.js';

/** Supplies the tokens that inbound requests may present (as bearer token, basic-auth password or HMAC key). */
export interface CredentialSource {
  /**
   * The accepted tokens.
   * @param refresh ask the backing store again (used once after a failed check, to pick up a rotation).
   */
  tokens(refresh?: boolean): Promise<readonly string[]>;
  /** The accepted tokens when they are known without waiting (configured ones), else `undefined`. */
  knownTokens?(): readonly string[] | undefined;
}

/** Tokens given in configuration (`BRIDGE_TOKENS`, local runs). */
export class StaticCredentials implements CredentialSource {
  constructor(private readonly list: readonly string[]) {}

  async tokens(): Promise<readonly string[]> {
    return this.list;
  }

  knownTokens(): readonly string[] {
    return this.list;
  }
}

/** Minimum time between two forced refreshes, so failed requests cannot hammer Secrets Manager. */
const MIN_REFRESH_INTERVAL_MS = 30_000;

/**
 * Tokens held in a Secrets Manager secret: those of the current version plus, during a rotation,
 * those of the pending version.
 */
export class SecretsManagerCredentials implements CredentialSource {
  constructor(private readonly secret: CachedSecret) {}

  async tokens(refresh = false): Promise<readonly string[]> {
    const versions = await this.secret.get(refresh && this.secret.age() > MIN_REFRESH_INTERVAL_MS);
    const pending = versions.pending ? parseTokenSecret(versions.pending) : [];
    return [...new Set([...parseTokenSecret(versions.current), ...pending])];
  }
}
