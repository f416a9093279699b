import { describe, expect, it } from 'vitest';
import { stripFence } from './stripFence.ts';

describe('stripFence', () => {
  it.each<[string, string, string]>([
    ['plain JSON', '{"a":1}', '{"a":1}'],
    ['```json fence', '```json\n{"a":1}\n```', '{"a":1}'],
    ['bare ``` fence', '```\n{"a":1}\n```', '{"a":1}'],
    ['JSON in capitals, CRLF', '```JSON\r\n{"a":1}\r\n```', '{"a":1}'],
    ['whitespace around the fence', '\n\n  ```json\n{"a":1}\n```  \n', '{"a":1}'],
    ['one line', '```json {"a":1}```', '{"a":1}'],
    ['multi-line JSON', '```json\n{\n  "a": [1, 2]\n}\n```', '{\n  "a": [1, 2]\n}'],
    ['text before the fence', 'Here it is:\n```json\n{"a":1}\n```', 'Here it is:\n```json\n{"a":1}\n```'],
    ['text after the fence', '```json\n{"a":1}\n```\nHope this helps', '```json\n{"a":1}\n```\nHope this helps'],
    ['two fences', '```json\n{"a":1}\n```\n```json\n{"b":2}\n```', '```json\n{"a":1}\n```\n```json\n{"b":2}\n```'],
    ['another language', '```python\n{"a":1}\n```', '```python\n{"a":1}\n```'],
    ['an unclosed fence', '```json\n{"a":1}', '```json\n{"a":1}'],
    ['backticks inside a JSON string stay', '{"quote":"use ```x``` here"}', '{"quote":"use ```x``` here"}'],
  ])('%s', (_name, input, expected) => {
    expect(stripFence(input)).toBe(expected);
  });
});
