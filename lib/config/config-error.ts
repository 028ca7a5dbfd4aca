/**
 * Invalid configuration, thrown at start (cold start or `npm start`), never per request.
 * The message names the variable or rule at fault and never contains a secret value.
 */
export class ConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}
