/** Small readers shared by rules: synthesized values come as booleans or strings, blocks as objects or one-element lists. */
import type { PolicyContext, ResourceView, Statement } from './types';

type Json = Record<string, unknown>;

/** `true` and `"true"` (cdktf writes some booleans as strings). */
export const isTrue = (v: unknown): boolean => v === true || v === 'true';

/** A nested block, whether synthesized as an object or as a one-element list. */
export function block(v: unknown): Json | undefined {
  if (Array.isArray(v)) return v[0] as Json | undefined;
  return v && typeof v === 'object' ? (v as Json) : undefined;
}

/** Every element of a repeated block (object → one element). */
export function blocks(v: unknown): Json[] {
  if (Array.isArray(v)) return v as Json[];
  return v && typeof v === 'object' ? [v as Json] : [];
}

export const strings = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * Makes a JSON document holding Terraform interpolations parseable: inside each `${…}`
 * (which may quote map keys: `urls["backend-api"]`) double quotes become single quotes.
 */
export function withoutInterpolationQuotes(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{' && text[i - 1] !== '$') {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
      out += text.slice(i, j + 1).replace(/\\?"/g, "'");
      i = j;
    } else out += text[i];
  }
  return out;
}

/** Container definitions that cannot be read: rules must not pass what they cannot see. */
export const UNREADABLE_CONTAINERS = 'the container definitions could not be read, so they cannot be shown to comply';

/** The container definitions of a task definition (a JSON string with Terraform interpolations inside values); undefined when unreadable. */
export function containers(task: ResourceView): Json[] | undefined {
  try {
    const parsed = JSON.parse(withoutInterpolationQuotes(String(task.body.container_definitions ?? '[]'))) as unknown;
    return Array.isArray(parsed) ? (parsed as Json[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a value is a Terraform interpolation of this workspace's resources or data (not a literal). */
export const isReference = (v: unknown): boolean => typeof v === 'string' && v.startsWith('${');

/** Read replicas inherit storage, backups and the final snapshot from their primary. */
export const isReplica = (db: ResourceView): boolean => db.body.replicate_source_db !== undefined;

/** Allow statements of an identity policy (a role's inline policy). */
export function identityStatements(resource: ResourceView, context: PolicyContext): Statement[] | undefined {
  return context.statements(resource.body.policy)?.filter((s) => s.effect === 'Allow');
}

/** `s3:PutObject` matches `s3:*`, `s3:Put*` and `*` (IAM action wildcards, case-insensitive). */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(action);
}

/** Actions that only read or describe (IAM's List/Get/Describe access levels, approximated by verb). */
export const isReadOnlyAction = (action: string): boolean =>
  /^[a-z0-9-]+:(Get|List|Describe|BatchGet|BatchCheck|Head|Lookup|Search)[A-Za-z]*$/.test(action);

/** The security groups attached to load balancers of this workspace (referenced by `aws_lb.security_groups`). */
export function loadBalancerGroups(context: PolicyContext): Set<string> {
  return new Set(
    context.resources
      .filter((r) => r.type === 'aws_lb')
      .flatMap((lb) => strings(lb.body.security_groups))
      .map((ref) => context.resolve(ref)?.address)
      .filter((a): a is string => a !== undefined),
  );
}
