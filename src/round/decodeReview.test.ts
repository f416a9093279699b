import { describe, expect, it } from 'vitest';
import { decodeReview } from './decodeReview.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('decodeReview', () => {
  it.each([
    ['plain markdown', enc('# Review\n- C1: finding'), 1000, true, ''],
    ['Japanese', enc('## 指摘\n- 重大: リトライがない'), 1000, true, ''],
    ['exactly at the limit', enc('x'.repeat(10)), 10, true, ''],
    ['empty', enc(''), 1000, false, 'empty review'],
    ['whitespace only', enc(' \n\t\n'), 1000, false, 'empty review'],
    ['NUL byte', new Uint8Array([0x23, 0x00, 0x41]), 1000, false, 'binary file'],
    ['invalid UTF-8', new Uint8Array([0x23, 0x20, 0xff, 0xfe, 0x41]), 1000, false, 'invalid UTF-8 at byte 2'],
    ['over the limit', enc('x'.repeat(11)), 10, false, 'too large (11 bytes > 10)'],
  ])('%s', (_name, bytes, limit, ok, reason) => {
    const r = decodeReview(bytes, limit);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('strips a BOM and turns CRLF into LF but hashes the original bytes', () => {
    const withBom = enc('\uFEFF# A\r\nB\r\n');
    const r = decodeReview(withBom);
    expect(r).toMatchObject({ ok: true, text: '# A\nB\n', size: withBom.byteLength });
    const plain = decodeReview(enc('# A\nB\n'));
    expect(r.ok && plain.ok && r.sha256 !== plain.sha256).toBe(true);
  });
});
