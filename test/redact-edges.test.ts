import { describe, expect, it } from 'vitest';
import { REDACTED, redactLogLine, withoutCredentials } from '../src/engine/redact.js';

/* Credentials kept out of log lines, at the edges test/logging.test.ts leaves open. */

const R = REDACTED;

describe('withoutCredentials edges', () => {
  it('redacts a query that starts the text, and names encoded up to three times', () => {
    expect(withoutCredentials('?password=s1&a=2')).toBe(`?password=${R}&a=2`);
    expect(withoutCredentials('/x?pass%252577ord=s1')).toBe(`/x?pass%252577ord=${R}`);
    expect(withoutCredentials('/x?a=1&=s2&token')).toBe('/x?a=1&=s2&token');
  });
});

describe('redactLogLine edges', () => {
  it('ends a query value at a blank of any kind, keeping what follows', () => {
    for (const blank of [' ', '\t', '\n', '\u000b', '\f', '\r']) {
      expect(redactLogLine(`GET /x?password=s1${blank}next`)).toBe(`GET /x?password=${R}${blank}next`);
    }
    expect(redactLogLine('GET /x?password=s1')).toBe(`GET /x?password=${R}`);
    expect(redactLogLine('{"url":"/x?a=1&token=s1\\"q&b=2"}')).toBe(`{"url":"/x?a=1&token=${R}&b=2"}`);
  });

  it('redacts the whole JSON value of a credential key: strings with escapes, numbers, arrays and objects', () => {
    expect(JSON.parse(redactLogLine('{"password":"a\\"b,c}","after":"kept"}'))).toEqual({ password: R, after: 'kept' });
    expect(JSON.parse(redactLogLine('{"token":12345,"after":"kept"}'))).toEqual({ token: R, after: 'kept' });
    expect(JSON.parse(redactLogLine('{"token":["a,b",{"c":"d}"}],"after":"kept"}'))).toEqual({ token: R, after: 'kept' });
    expect(JSON.parse(redactLogLine('{"x":{"secret":{"a":[1,2]}},"after":"kept"}'))).toEqual({ x: { secret: R }, after: 'kept' });
    expect(JSON.parse(redactLogLine('{"x":{"secret":true}}'))).toEqual({ x: { secret: R } });
    expect(redactLogLine('{"password":"unterminated')).toBe(`{"password":"${R}"`);
  });

  it('redacts every credential on a line, each once', () => {
    expect(JSON.parse(redactLogLine('{"token":"a","password":"b","session":"c","n":1}'))).toEqual({ token: R, password: R, session: R, n: 1 });
    expect(redactLogLine('/x?password=a&token=b&c=d')).toBe(`/x?password=${R}&token=${R}&c=d`);
  });

  it('redacts a Basic or a Bearer value alone on a line, after any blanks', () => {
    expect(redactLogLine('{"msg":"sent Basic cm9vdDpzMg=="}')).toBe(`{"msg":"sent Basic ${R}"}`);
    expect(redactLogLine('{"msg":"sent bearer   abcdefgh1234"}')).toBe(`{"msg":"sent bearer ${R}"}`);
    expect(redactLogLine('{"msg":"Basic short"}')).toBe('{"msg":"Basic short"}');
  });

  it('leaves a line without credentials as it is', () => {
    const line = '{"level":30,"msg":"a % sign, a ? and an & in text","passage":"x"}';
    expect(redactLogLine(line)).toBe(line);
  });
});
