/**
 * Terraform reads `${` and `%{` in any string as template syntax, so config text such as
 * `${path.cwd}@example.com` would become an expression (or a syntax error) instead of
 * reaching AWS as typed. Every string that comes from config therefore passes through
 * `terraformLiterals` exactly once, at the entry of each stack: no construct escapes a
 * field of its own, and none can forget one.
 */

/** One string made literal for Terraform: `${` → `$${`, `%{` → `%%{`. */
export function terraformLiteral(text: string): string {
  // Replacer functions: in a replacement string `$$` would itself mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * A deep copy of `config` with every string leaf (and object key) made literal for
 * Terraform. Apply it once, where a stack receives its config; applying it twice would
 * double the escapes.
 */
export function terraformLiterals<T>(config: T): T {
  return escapeValue(config) as T;
}

function escapeValue(value: unknown): unknown {
  if (typeof value === 'string') return terraformLiteral(value);
  if (Array.isArray(value)) return value.map(escapeValue);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [terraformLiteral(k), escapeValue(v)]));
  return value;
}
