import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SdkSender } from '../aws/lazy-client.js';
import { secretsManagerPackage } from '../aws/sdk-packages.js';

/** The values of one Secrets Manager secret: the current version and, during a rotation, the pending one. */
export interface SecretVersions {
  current: string;
  pending?: string;
}

/**
 * A Secrets Manager secret read through an in-memory cache with a time to live.
 * Concurrent reads share one fetch; a failed refresh keeps serving the last good value.
 */
export class CachedSecret {
  private value?: SecretVersions;
  private fetchedAt = 0;
  private inflight?: Promise<SecretVersions>;

  constructor(
    private readonly client: SdkSender<SecretsManagerClient>,
    private readonly secretId: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds since the last successful fetch (Infinity before the first). */
  age(): number {
    return this.value ? this.now() - this.fetchedAt : Number.POSITIVE_INFINITY;
  }

  /**
   * The secret's versions, from cache while fresh.
   * @param forceRefresh fetch even when the cached value is fresh.
   * @throws Error when the secret cannot be read and nothing is cached.
   */
  async get(forceRefresh = false): Promise<SecretVersions> {
    if (this.value && !forceRefresh && this.age() < this.ttlMs) return this.value;
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = undefined;
    });
    try {
      return await this.inflight;
    } catch (error) {
      if (this.value) return this.value;
      throw error;
    }
  }

  private async fetch(): Promise<SecretVersions> {
    const [current, pending] = await Promise.all([this.read('AWSCURRENT'), this.read('AWSPENDING').catch(() => undefined)]);
    if (current === undefined) throw new Error(`secret ${this.secretId} has no string value`);
    this.value = { current, pending: pending === current ? undefined : pending };
    this.fetchedAt = this.now();
    return this.value;
  }

  private async read(stage: 'AWSCURRENT' | 'AWSPENDING'): Promise<string | undefined> {
    const { GetSecretValueCommand } = await secretsManagerPackage();
    const output = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId, VersionStage: stage }));
    return output.SecretString;
  }
}
