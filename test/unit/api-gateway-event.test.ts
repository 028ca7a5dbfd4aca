import { describe, expect, it } from 'vitest';
import { localContext, toApiGatewayEvent } from '../../lib/local/api-gateway-event.js';

describe('API Gateway events of the local server', () => {
  it('builds the same event from the request target or the URL the server resolved from it', () => {
    const headers = { host: '127.0.0.1:3000', authorization: 'Bearer t', 'x-many': ['a', 'b'] };
    const body = Buffer.from('{"a":1}');
    const fromTarget = toApiGatewayEvent('POST', '/flux?x=1&y=%20', headers, body, '127.0.0.1');
    const fromUrl = toApiGatewayEvent('POST', new URL('/flux?x=1&y=%20', 'http://local'), headers, body, '127.0.0.1');
    const stable = (event: typeof fromTarget) => ({ ...event, requestContext: { ...event.requestContext, requestId: '', time: '', timeEpoch: 0 } });
    expect(stable(fromUrl)).toEqual(stable(fromTarget));
    expect(fromUrl).toMatchObject({ rawPath: '/flux', rawQueryString: 'x=1&y=%20', routeKey: 'POST /flux', headers: { 'x-many': 'a,b' }, body: '{"a":1}', isBase64Encoded: false });
  });

  it('gives a context whose remaining time counts down from the budget, with callbacks that do nothing', async () => {
    const context = localContext('flux', 5_000);
    expect(context).toMatchObject({ functionName: 'flux', invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:flux', logGroupName: '/local/flux' });
    const first = context.getRemainingTimeInMillis();
    expect(first).toBeGreaterThan(4_900);
    expect(first).toBeLessThanOrEqual(5_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(context.getRemainingTimeInMillis()).toBeLessThan(first);
    expect(localContext('flux', 0).getRemainingTimeInMillis()).toBe(0);
    expect([context.done(), context.fail('x'), context.succeed('y')]).toEqual([undefined, undefined, undefined]);
    expect(localContext('argocd', 1).awsRequestId).not.toBe(context.awsRequestId);
  });
});
