/**
 * How a plain environment value is recognized as a secret: by what the value looks like
 * (a provider's key format), whatever its name, and by a secret-ish name. Plain values
 * land in the task definition, readable by anyone who can describe it; secrets belong in
 * `secrets` (Secrets Manager or SSM ARNs).
 */

export interface SecretValuePattern {
  readonly id: string;
  /** What the value was taken for, as the error says it. */
  readonly what: string;
  readonly pattern: RegExp;
}

export const SECRET_VALUE_PATTERNS: readonly SecretValuePattern[] = [
  { id: 'aws-access-key', what: 'an AWS access key id', pattern: /\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/ },
  { id: 'github-token', what: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})/ },
  { id: 'gitlab-token', what: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { id: 'stripe-key', what: 'a Stripe secret key', pattern: /\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}/ },
  { id: 'slack-token', what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { id: 'slack-webhook', what: 'a Slack webhook URL', pattern: /hooks\.slack\.com\/services\/[A-Za-z0-9/]+/ },
  { id: 'google-api-key', what: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { id: 'npm-token', what: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { id: 'private-key', what: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----/ },
  { id: 'url-credentials', what: 'a URL with a password in it', pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
  { id: 'jwt', what: 'a JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** Names that end like a secret, whatever the value: ..._SECRET, ..._PASSWORD, ..._TOKEN, ..._API_KEY, ..._PAT. */
const SECRET_NAME_END = /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_KEY|API_?KEY|CREDENTIALS?|(^|_)PAT|(^|_)PWD)$/i;
/** Names that say secret somewhere (AWS_SECRET_ACCESS_KEY, STRIPE_SECRET_KEY): a secret unless the value is plainly harmless. */
const SECRET_NAME_ANYWHERE = /(SECRET|PASSWORD|PASSWD|PRIVATE_KEY|CREDENTIAL)/i;
/** Names that hold a secret when the value is random enough: ..._KEY, ..._AUTH, ..._SIGNATURE, ..._SALT. */
const KEY_NAME = /(_KEY|KEY$|_AUTH|AUTH$|_SIGNATURE|_SALT|_DSN)$/i;

/** Values that never hold a secret: empty, numbers, booleans, a few words. */
const HARMLESS_VALUE = /^(|\d+(\.\d+)?|true|false|yes|no|on|off|none|null|disabled|enabled)$/i;

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

/** Long, random-looking, no spaces: what generated keys look like, and what words and URLs do not. */
export function looksRandom(value: string): boolean {
  return value.length >= 16 && !/\s/.test(value) && entropy(value) >= 3.5 && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

/** Why `name=value` looks like a secret, or undefined. */
export function secretReason(name: string, value: string): string | undefined {
  const byValue = SECRET_VALUE_PATTERNS.find((p) => p.pattern.test(value));
  if (byValue) return `its value looks like ${byValue.what}`;
  if (SECRET_NAME_END.test(name)) return 'its name says it is a secret';
  if (SECRET_NAME_ANYWHERE.test(name) && !HARMLESS_VALUE.test(value.trim())) return 'its name says it is a secret';
  if (KEY_NAME.test(name) && looksRandom(value)) return 'its name says it is a key and its value looks random';
  return undefined;
}
