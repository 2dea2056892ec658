import { describe, expect, it } from 'vitest';
import { bodyLimitOf, paramsBytes, paramsLimitError } from '../src/engine/body-limits.js';

/* The params limit on parsed bodies: a base64 `content` counts apart, at the top or inside `params`. */

describe('body limits', () => {
  it('lets a body hold the params limit beside the largest base64 content', () => {
    expect(bodyLimitOf({ maxBase64Bytes: 3, maxParamsBytes: 10 })).toBe(14);
    expect(bodyLimitOf({ maxBase64Bytes: 4, maxParamsBytes: 10 })).toBe(16);
  });

  it('counts the fields as JSON, leaving out a base64 content at the top or inside params', () => {
    expect(paramsBytes({ a: 'x' })).toBe('{"a":"x"}'.length + 'null'.length);
    expect(paramsBytes({ a: 'x', content: 'QUJD' })).toBe('{"a":"x"}'.length + 'null'.length);
    expect(paramsBytes({ content: 5 })).toBe('{"content":5}'.length + 'null'.length);
    expect(paramsBytes({ params: '{"content":"QUJD","b":1}' })).toBe('{}'.length + '{"b":1}'.length);
    expect(paramsBytes({ params: { content: 'QUJD', b: 'é' } })).toBe('{}'.length + Buffer.byteLength('{"b":"é"}'));
    expect(paramsBytes({ params: 'not json' })).toBe('{}'.length + '"not json"'.length);
  });

  it('refuses only a body whose params, without the content, pass the limit', () => {
    expect(paramsLimitError({ a: 'x' }, 'abc', 9)).toBeNull();
    const content = 'Q'.repeat(100);
    const withContent = { a: 'x', content };
    expect(paramsLimitError(withContent, JSON.stringify(withContent), 20)).toBeNull();
    const big = { a: 'x'.repeat(30) };
    expect(paramsLimitError(big, JSON.stringify(big), 20)?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(paramsLimitError([1, 2, 3], 'x'.repeat(30), 20)?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(paramsLimitError('text', 'x'.repeat(30), 20)?.code).toBe('PAYLOAD_TOO_LARGE');
    // At the limit exactly, in characters and in bytes.
    const edge = { a: 'x'.repeat(13), content: 'Q'.repeat(50) };
    const text = JSON.stringify(edge);
    expect(paramsLimitError(edge, text, paramsBytes(edge))).toBeNull();
    expect(paramsLimitError(edge, text, paramsBytes(edge) - 1)?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(paramsLimitError({ a: 'x'.repeat(30) }, 'ééé', 6)).toBeNull();
  });
});
