import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { requestUrl, tryRequestUrl } from '../../lib/local/request-url.js';
import { targetMemo } from '../../lib/sinks/post-target.js';

describe('POST targets', () => {
  it('resolves a URL string once into request options, and a URL object each time', () => {
    const resolve = targetMemo();
    const first = resolve('http://user:p%40ss@127.0.0.1:8080/events?x=1');
    expect(first.options).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 8080, path: '/events?x=1', auth: 'user:p@ss' });
    expect(resolve('http://user:p%40ss@127.0.0.1:8080/events?x=1')).toBe(first);
    const url = new URL('https://[::1]/in');
    expect(resolve(url).options).toMatchObject({ protocol: 'https:', hostname: '::1', path: '/in' });
    expect(resolve(url)).not.toBe(resolve(url));
  });

  it('names a protocol it cannot POST to, and throws on what is not a URL', () => {
    const resolve = targetMemo();
    expect(resolve('ftp://127.0.0.1/x')).toEqual({ protocol: 'ftp:', options: undefined });
    expect(() => resolve('not a url')).toThrow(TypeError);
  });

  it('keeps a few URLs only', () => {
    const resolve = targetMemo();
    const first = resolve('http://127.0.0.1/0');
    for (let i = 1; i <= 8; i += 1) resolve(`http://127.0.0.1/${i}`);
    expect(resolve('http://127.0.0.1/0')).not.toBe(first);
    expect(resolve('http://127.0.0.1/0')).toEqual(first);
  });
});

describe('request URLs of the local server', () => {
  const request = (url: string) => Object.assign(new IncomingMessage(new Socket()), { url });

  it('resolves the request target against the local origin', () => {
    expect(requestUrl(request('/deliveries/app.js?x=1')).pathname).toBe('/deliveries/app.js');
    expect(requestUrl(request('/a/../flux')).pathname).toBe('/flux');
  });

  it('leaves a target it cannot resolve to the caller', () => {
    expect(tryRequestUrl(request('//'))).toBeUndefined();
    expect(() => requestUrl(request('//'))).toThrow(TypeError);
  });
});
