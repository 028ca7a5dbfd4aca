import { ConfigError } from './config-error.js';
import type { Reader } from './setting-readers.js';

// SecretId of GetSecretValue: a name (letters, digits and /_+=.@-) or an ARN, 1 to 2048 characters
// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
const SECRET_ID = /^[A-Za-z0-9/_+=.@:-]{1,2048}$/;

// A DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -) or a table ARN
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html).
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const TABLE_ARN = /^arn:aws[\w-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table\/[A-Za-z0-9_.-]{3,255}$/;

// A CloudWatch namespace: up to 255 of A-Z a-z 0-9 . - _ / # : and space, not only spaces, and not
// AWS/ (reserved) (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Namespace).
const METRICS_NAMESPACE = /^[A-Za-z0-9 ._/#:-]{1,255}$/;

/**
 * A Secrets Manager secret id (name or ARN), or `undefined` when unset.
 * @throws ConfigError naming the variable; the value is not repeated.
 */
export function readSecretId(read: Reader, name: string): string | undefined {
  const value = read(name);
  if (value === undefined || SECRET_ID.test(value)) return value;
  throw new ConfigError(`${name} must be a Secrets Manager secret name or ARN (1 to 2048 of A-Z a-z 0-9 / _ + = . @ - :)`);
}

/**
 * A DynamoDB table name or table ARN, or `undefined` when unset.
 * @throws ConfigError naming the variable.
 */
export function readTableName(read: Reader, name: string): string | undefined {
  const value = read(name);
  if (value === undefined || TABLE_NAME.test(value) || TABLE_ARN.test(value)) return value;
  throw new ConfigError(`${name} must be a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -) or a table ARN`);
}

/**
 * A CloudWatch metrics namespace, or `undefined` when unset.
 * @throws ConfigError naming the variable.
 */
export function readMetricsNamespace(read: Reader, name: string): string | undefined {
  const value = read(name);
  if (value === undefined) return undefined;
  if (METRICS_NAMESPACE.test(value) && !value.startsWith('AWS/')) return value;
  throw new ConfigError(`${name} must be a CloudWatch namespace: 1 to 255 of A-Z a-z 0-9 . - _ / # : and space, not starting with AWS/`);
}
