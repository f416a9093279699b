import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escapeHtml.ts';

describe('escapeHtml', () => {
  it.each([
    ['', ''],
    ['plain text', 'plain text'],
    ['a & b', 'a &amp; b'],
    ['&amp;', '&amp;amp;'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['"quotes"', '&quot;quotes&quot;'],
    ["it's", 'it&#39;s'],
    ['" onmouseover="x', '&quot; onmouseover=&quot;x'],
    ['a | b\nc', 'a | b\nc'],
    ['○△× 日本語', '○△× 日本語'],
    ['<<>>&&', '&lt;&lt;&gt;&gt;&amp;&amp;'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});
