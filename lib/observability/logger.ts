import type { Logger } from '@aws-lambda-powertools/logger';
import type { LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types';
import type { Context } from 'aws-lambda';
import { HeldKeys } from './held-keys.js';
import { HeldKeysLogger } from './held-keys-logger.js';
import { isFlat, plainLogLine, type LambdaContextFields } from './plain-log-line.js';

/** Powertools' INFO threshold (`LogLevelThreshold.INFO`). */
const INFO = 12;

/**
 * Powertools' `Logger` with a cheaper INFO line. Powertools builds each line through its attribute
 * stores, a deep merge, environment reads and a JSON replacer: 10–12 µs per INFO line, the largest
 * single cost of a webhook request after the mapping itself. When the logger is in its plain
 * configuration (no dev mode, no sampling, no per-invocation stores, keys this class tracked) and
 * the line holds plain JSON data, {@link plainLogLine} writes the same bytes in ~2 µs (measured on
 * Node 20, 2 cores); anything else goes through Powertools unchanged. Warnings and errors always do.
 * Flat temporary keys (the correlation id) are held back ({@link HeldKeys}) and given to
 * Powertools' store only when a line it writes needs them ({@link HeldKeysLogger}).
 */
class BridgeLogger extends HeldKeysLogger {
  /** The Lambda context of the invocation, as `addContext` got it, with its cold-start flag. */
  #context: LambdaContextFields | undefined;
  /** The temporary keys (the correlation id), held back from Powertools until a line it writes needs them. */
  readonly #keys = new HeldKeys();
  /** Whether the configuration allows the plain line at all (decided once, as Powertools decides it). */
  readonly #plainConfiguration: boolean;
  readonly #serviceName: string;
  /**
   * The level threshold, as Powertools holds it. Its `level` getter and the refresh at every
   * invocation's start each read the environment (`AWS_LAMBDA_MAX_CONCURRENCY`), ~1 µs a request;
   * every change goes through `setLogLevel`, so the copy here stays exact.
   */
  #level: number;
  /** `setLogLevel` ran since the last refresh (or no refresh ran yet): the next refresh must go to Powertools. */
  #levelSet = true;

  constructor(serviceName: string) {
    super({ serviceName });
    this.#serviceName = serviceName;
    const env = process.env;
    this.#plainConfiguration = (this as unknown as { logIndentation: number }).logIndentation === 0
      && !env.AWS_LAMBDA_MAX_CONCURRENCY && !env.POWERTOOLS_LOGGER_SAMPLE_RATE;
    this.#level = super.level;
  }

  override setLogLevel(logLevel: Parameters<Logger['setLogLevel']>[0]): void {
    super.setLogLevel(logLevel);
    // Powertools' constructor may call this before this class's fields exist.
    if (!(#levelSet in this)) return;
    this.#levelSet = true;
    this.#level = super.level;
  }

  /**
   * Without debug sampling, Powertools' refresh sets the level back to the configured one: nothing
   * to do when nobody set it since the last refresh.
   */
  override refreshSampleRateCalculation(): void {
    if (this.#plainConfiguration && !this.#levelSet) return;
    super.refreshSampleRateCalculation();
    this.#levelSet = false;
    this.#level = super.level;
  }

  override addContext(context: Context): void {
    const coldStart = this.coldStart;
    super.addContext(context);
    this.#context = {
      coldStart, invokedFunctionArn: context.invokedFunctionArn, memoryLimitInMB: context.memoryLimitInMB,
      functionName: context.functionName, awsRequestId: context.awsRequestId, tenantId: (context as { tenantId?: string }).tenantId,
    };
  }

  override appendKeys(attributes: Parameters<Logger['appendKeys']>[0]): void {
    if (this.#plainConfiguration && this.#keys.tracked && isFlat(attributes)) {
      // Held here until a line Powertools writes needs them: most requests write none.
      this.#keys.hold(attributes);
      return;
    }
    this.givePendingKeys();
    super.appendKeys(attributes);
    this.#keys.noteGiven(attributes);
  }

  override resetKeys(): void {
    if (this.#keys.reset()) super.resetKeys();
  }

  override removeKeys(keys: string[]): void {
    this.givePendingKeys();
    super.removeKeys(keys);
    this.#keys.untrack();
  }

  /** Hands the held keys to Powertools, as one `appendKeys` in the order they came. */
  protected override givePendingKeys(): void {
    const pending = this.#keys.takePending();
    if (pending) super.appendKeys(pending);
  }

  override info(input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    // Below the level (e.g. under `npm start`, where the JSON logs stay at ERROR), Powertools writes
    // nothing: the held keys need not be handed over (a deep merge and environment reads).
    if (this.#plainConfiguration && this.#level > INFO) return;
    const line = this.#plainConfiguration && typeof input === 'string' && extraInput.length === 1 && this.#keys.tracked
      && Object.keys(this.getPersistentLogAttributes()).length === 0
      ? plainLogLine('INFO', input, this.#serviceName, this.#context, this.#keys.tracked, extraInput[0])
      : undefined;
    if (line === undefined) {
      this.givePendingKeys();
      super.info(input, ...extraInput);
      return;
    }
    process.stdout.write(line);
  }
}

/**
 * The structured JSON logger of one function (Powertools, with a cheaper INFO line: see
 * {@link BridgeLogger}). Log level from `LOG_LEVEL` (read by Powertools itself). Never pass tokens,
 * signatures or request bodies to it.
 */
export function createLogger(serviceName: string): Logger {
  return new BridgeLogger(`cdevents-bridge-${serviceName}`);
}
