import { SQSClient } from '@aws-sdk/client-sqs';

// https://docs.aws.amazon.com/general/latest/gr/sqs-service.html: sqs.<region>.amazonaws.com
const AWS_QUEUE_HOST = /^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

/** Where to reach a compatible server: `*.localhost` names loopback (RFC 6761 §6.3), which getaddrinfo may not know. */
function localEndpoint(url: URL): string {
  return url.hostname.endsWith('.localhost') ? `${url.protocol}//127.0.0.1:${url.port}` : url.origin;
}

/**
 * The SQS client of a queue URL. An AWS queue URL names its Region; any other host is an
 * SQS-compatible server (the one `npm start` embeds names its queues `sqs.<region>.localhost`),
 * reached with placeholder credentials, so a developer's AWS profile is neither needed nor used for it.
 */
export function createSqsClient(queueUrl: string): SQSClient {
  const url = new URL(queueUrl);
  const timeouts = { connectionTimeout: 1_000, requestTimeout: 3_000 };
  const aws = AWS_QUEUE_HOST.exec(url.hostname);
  if (aws) return new SQSClient({ region: aws[1], maxAttempts: 2, requestHandler: timeouts });
  return new SQSClient({
    region: process.env.AWS_REGION ?? 'us-east-1',
    endpoint: localEndpoint(url),
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
    requestHandler: timeouts,
  });
}
