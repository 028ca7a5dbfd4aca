/**
 * Per-entry error codes worth resending; the others are permission or input errors.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
 */
export const RETRYABLE_ENTRY_CODES: ReadonlySet<string> = new Set(['InternalFailure', 'ThrottlingException']);

/** Whole-call SDK errors that are transient even though some are flagged as client faults. */
const RETRYABLE_ERROR_NAMES = new Set([
  'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException',
  'InternalException', 'InternalFailure', 'ServiceUnavailable', 'ServiceUnavailableException',
  'RequestTimeout', 'RequestTimeoutException', 'TimeoutError', 'AbortError',
]);

/** Network errors, timeouts, throttling and server faults are transient; other client faults are not. */
export function isRetryableSdkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (RETRYABLE_ERROR_NAMES.has(error.name)) return true;
  const { $fault, $metadata } = error as { $fault?: string; $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500) || $fault === 'server') return true;
  return $fault !== 'client' && (status === undefined || status < 400);
}

/**
 * The error name (AWS error code) of an SDK error. Its message can name roles and accounts, so
 * it stays in the `cause` for logs and never reaches the caller.
 */
export function describeSdkError(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}
