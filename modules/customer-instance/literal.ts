/**
 * Config text placed inside a Terraform string verbatim: Terraform reads `${` and `%{` in
 * any string as template syntax, so a user's `${HOME}` would otherwise become an
 * expression (or a syntax error) instead of reaching the container as typed.
 */
export function terraformLiteral(text: string): string {
  // Replacer functions: in a replacement string `$$` would itself mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
