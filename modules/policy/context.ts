import type { NamingContext } from '../naming';
import type { PolicyContext, ResourceView, Statement, WorkspaceKind } from './types';

type Json = Record<string, unknown>;

const REFERENCE = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)[.[}]/;

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** Every resource and data block of a synthesized workspace (cdk.tf.json), in file order. */
export function resourceViews(stack: Json): ResourceView[] {
  const out: ResourceView[] = [];
  const blocks = (section: unknown, prefix: string): void => {
    for (const [type, byName] of Object.entries((section ?? {}) as Record<string, Record<string, Json>>)) {
      for (const [name, raw] of Object.entries(byName)) {
        const { ['//']: meta, ...body } = raw;
        const path = ((meta as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? '').toString();
        out.push({ type: `${prefix}${type}`, address: `${prefix}${type}.${name}`, path, body });
      }
    }
  };
  blocks(stack.resource, '');
  blocks(stack.data, 'data.');
  return out;
}

function fromDocument(body: Json): Statement[] {
  return ((body.statement ?? []) as Json[]).map((s) => ({
    sid: s.sid as string | undefined,
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: list(s.actions),
    notActions: list(s.not_actions),
    resources: list(s.resources),
    notResources: list(s.not_resources),
    principals: ((s.principals ?? []) as Json[]).map((p) => ({ type: String(p.type), identifiers: list(p.identifiers) })),
    conditions: ((s.condition ?? []) as Json[]).map((c) => ({
      test: String(c.test),
      variable: String(c.variable),
      values: list(c.values),
    })),
  }));
}

function fromJson(doc: Json): Statement[] {
  const statements = Array.isArray(doc.Statement) ? (doc.Statement as Json[]) : doc.Statement ? [doc.Statement as Json] : [];
  return statements.map((s) => {
    const principal = s.Principal;
    const principals =
      principal === undefined
        ? []
        : typeof principal === 'string'
          ? [{ type: '*', identifiers: [principal] }]
          : Object.entries(principal as Json).map(([type, ids]) => ({ type, identifiers: list(ids) }));
    const conditions = Object.entries((s.Condition ?? {}) as Record<string, Json>).flatMap(([test, vars]) =>
      Object.entries(vars).map(([variable, values]) => ({ test, variable, values: list(values) })),
    );
    return {
      sid: s.Sid as string | undefined,
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: list(s.Action),
      notActions: list(s.NotAction),
      resources: list(s.Resource),
      notResources: list(s.NotResource),
      principals,
      conditions,
    };
  });
}

export interface WorkspaceInfo {
  readonly workspace: string;
  readonly kind: WorkspaceKind;
  readonly customer?: string;
  readonly decommissioning?: boolean;
  readonly customers: readonly string[];
  readonly naming: NamingContext;
}

/** The context rules evaluate a workspace's resources in. */
export function policyContext(stack: Json, info: WorkspaceInfo): PolicyContext {
  const resources = resourceViews(stack);
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const resolve = (reference: unknown): ResourceView | undefined => {
    if (typeof reference !== 'string') return undefined;
    const m = REFERENCE.exec(reference);
    return m ? byAddress.get(`${m[1] ?? ''}${m[2]}.${m[3]}`) : undefined;
  };
  return {
    ...info,
    resources,
    resolve,
    attached: (target, type, attribute = 'bucket') =>
      resources.filter((r) => r.type === type && list(r.body[attribute]).some((v) => v.includes(`\${${target.address}.`))),
    statements: (policy) => {
      const doc = resolve(policy);
      if (doc?.type === 'data.aws_iam_policy_document') return fromDocument(doc.body as Json);
      if (typeof policy === 'string' && policy.trim().startsWith('{')) {
        try {
          return fromJson(JSON.parse(policy) as Json);
        } catch {
          return undefined;
        }
      }
      return undefined;
    },
  };
}
