/**
 * Detects credential-carrying property names in a value bound for the cache. The engine never
 * puts headers or keys in a request body, so finding one means a bug that would write a
 * secret to disk; string values are not inspected because reviews legitimately talk about
 * `Authorization` headers.
 */

/** Property names (lowercased, `-`/`_` removed) that carry credentials in HTTP APIs. */
const CREDENTIAL_NAMES = new Set(['authorization', 'proxyauthorization', 'xapikey', 'apikey', 'xgoogapikey']);

/** The JSON path of the first property named like a credential, or undefined. */
export function findCredentialField(value: unknown, path = '$'): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findCredentialField(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [name, item] of Object.entries(value)) {
    if (CREDENTIAL_NAMES.has(name.toLowerCase().replace(/[-_]/g, ''))) return `${path}.${name}`;
    const found = findCredentialField(item, `${path}.${name}`);
    if (found) return found;
  }
  return undefined;
}
