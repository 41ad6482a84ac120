import { describe, expect, it } from 'vitest';
import { guardPolicy, hostAuthority, isLoopbackHost, normaliseOrigin, refusal } from '../../src/mcp/http-guard.js';
import { bearerToken } from '../../src/mcp/http-replies.js';

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['192.168.1.5', false],
    ['::', false],
    ['128.0.0.1', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('hostAuthority', () => {
  it('brackets IPv6 literals as a Host header does', () => {
    expect(hostAuthority('::1', 8765)).toBe('[::1]:8765');
    expect(hostAuthority('127.0.0.1', 8765)).toBe('127.0.0.1:8765');
  });
});

describe('refusal (DNS rebinding)', () => {
  const loopback = guardPolicy({ host: '127.0.0.1', port: 8765 }, [], ['http://localhost:6274']);
  const remote = guardPolicy({ host: '10.1.2.3', port: 8765 }, ['desk.example:8765'], []);

  it.each([
    ['the bound address', { host: '127.0.0.1:8765' }],
    ['localhost on a loopback bind', { host: 'localhost:8765' }],
    ['Host in another case', { host: 'LocalHost:8765' }],
    ['its own origin', { host: '127.0.0.1:8765', origin: 'http://127.0.0.1:8765' }],
    ['its own origin under localhost', { host: 'localhost:8765', origin: 'http://localhost:8765' }],
    ['an --allow-origin origin', { host: 'localhost:8765', origin: 'http://localhost:6274' }],
  ])('accepts %s', (_label, headers) => {
    expect(refusal(headers, loopback)).toBeNull();
  });

  it.each([
    ['no Host', {}, 'Host header'],
    ['a rebound name', { host: 'evil.example:8765' }, "Host header 'evil.example:8765'"],
    ['the right host on another port', { host: '127.0.0.1:9999' }, 'Host header'],
    ['a foreign origin', { host: '127.0.0.1:8765', origin: 'http://evil.example' }, "Origin 'http://evil.example' is not allowed"],
    ['another localhost port as origin', { host: '127.0.0.1:8765', origin: 'http://localhost:3000' }, '--allow-origin http://localhost:3000'],
    ['the opaque null origin', { host: '127.0.0.1:8765', origin: 'null' }, "Origin 'null'"],
    ['https for an http server', { host: '127.0.0.1:8765', origin: 'https://127.0.0.1:8765' }, 'Origin'],
  ])('refuses %s', (_label, headers, message) => {
    expect(refusal(headers, loopback)).toContain(message);
  });

  it('on a non-loopback bind accepts only that address and --allow-host names, not localhost', () => {
    expect(refusal({ host: '10.1.2.3:8765' }, remote)).toBeNull();
    expect(refusal({ host: 'desk.example:8765' }, remote)).toBeNull();
    expect(refusal({ host: 'localhost:8765' }, remote)).toContain('Host header');
  });

  it('accepts localhost for an IPv6 loopback bind', () => {
    const v6 = guardPolicy({ host: '::1', port: 8765 }, [], []);
    expect(refusal({ host: '[::1]:8765' }, v6)).toBeNull();
    expect(refusal({ host: 'localhost:8765' }, v6)).toBeNull();
  });
});

describe('normaliseOrigin', () => {
  it.each([
    ['http://localhost:6274', 'http://localhost:6274'],
    ['http://localhost:6274/', 'http://localhost:6274'],
    ['HTTP://LocalHost:6274', 'http://localhost:6274'],
    ['https://inspector.example', 'https://inspector.example'],
    ['http://localhost:80', 'http://localhost'],
  ])('%s -> %s', (value, expected) => {
    expect(normaliseOrigin(value)).toBe(expected);
  });

  it.each(['localhost:6274', 'http://localhost:6274/app', 'http://localhost:6274?x=1', 'ftp://localhost', 'http://user@localhost', '*', ''])('rejects %j', (value) => {
    expect(normaliseOrigin(value)).toBeNull();
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer tdk_mcp_abc-_1', 'tdk_mcp_abc-_1'],
    ['bearer tdk_mcp_abc', 'tdk_mcp_abc'],
    ['Bearer   tdk_mcp_abc  ', 'tdk_mcp_abc'],
  ])('reads %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'tdk_mcp_abc', 'Bearer a b'])('finds no token in %j', (header) => {
    expect(bearerToken(header)).toBeNull();
  });
});
