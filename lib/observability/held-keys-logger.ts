import { Logger } from '@aws-lambda-powertools/logger';
import type { LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types';

/**
 * Powertools' `Logger` for a subclass that holds temporary keys back from Powertools' store
 * (`HeldKeys`, see `held-keys.ts`). Each method here reads that store or may write a line from it,
 * so each first has the held keys handed over ({@link HeldKeysLogger.givePendingKeys}).
 */
export abstract class HeldKeysLogger extends Logger {
  /** Hands the held keys to Powertools, as one `appendKeys` in the order they came. */
  protected abstract givePendingKeys(): void;

  override getCorrelationId(): unknown {
    this.givePendingKeys();
    return super.getCorrelationId();
  }

  override createChild(options?: Parameters<Logger['createChild']>[0]): Logger {
    this.givePendingKeys();
    return super.createChild(options);
  }

  override appendPersistentKeys(attributes: Parameters<Logger['appendPersistentKeys']>[0]): void {
    this.givePendingKeys();
    super.appendPersistentKeys(attributes);
  }

  override warn(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    this.givePendingKeys();
    super.warn(input, ...extraInput);
  }

  override error(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    this.givePendingKeys();
    super.error(input, ...extraInput);
  }

  override critical(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    this.givePendingKeys();
    super.critical(input, ...extraInput);
  }

  override debug(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    this.givePendingKeys();
    super.debug(input, ...extraInput);
  }

  override trace(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    this.givePendingKeys();
    super.trace(input, ...extraInput);
  }
}
