/**
 * An error that maps to an HTTP response. `message` is safe to show to the caller:
 * it names the problem and never carries secrets or stack traces.
 */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly headers: Record<string, string>;

  constructor(statusCode: number, message: string, options?: ErrorOptions & { headers?: Record<string, string> }) {
    super(message, options);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.headers = options?.headers ?? {};
  }
}

/** 400: the body is not JSON, not an object, or misses required fields. */
export class BadRequestError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(400, message, options);
    this.name = 'BadRequestError';
  }
}

/** 401: credentials are missing or wrong. */
export class UnauthorizedError extends HttpError {
  constructor(message: string) {
    super(401, message, { headers: { 'www-authenticate': 'Bearer realm="cdevents-bridge"' } });
    this.name = 'UnauthorizedError';
  }
}

/** 413: the body is larger than the configured limit. */
export class PayloadTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super(413, `request body exceeds the limit of ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

/** 415: the body is not declared as JSON. */
export class UnsupportedMediaTypeError extends HttpError {
  constructor(contentType: string) {
    super(415, `content type '${contentType}' is not supported; send application/json`);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/**
 * 502: at least one sink did not accept the events after its retries. The caller
 * (Flux, Argo CD) retries on 5xx; ids are deterministic, so a retry cannot duplicate.
 */
export class DeliveryFailedError extends HttpError {
  readonly failedSinks: readonly string[];

  constructor(failures: readonly { sink: string; reason: string }[]) {
    super(502, `delivery failed: ${failures.map((f) => `${f.sink} sink: ${f.reason}`).join('; ')}`);
    this.name = 'DeliveryFailedError';
    this.failedSinks = failures.map((f) => f.sink);
  }
}

/** 503: another invocation is handling the same notification right now; retry shortly. */
export class ConflictRetryError extends HttpError {
  constructor(message: string) {
    super(503, message, { headers: { 'retry-after': '1' } });
    this.name = 'ConflictRetryError';
  }
}
