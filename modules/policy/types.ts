/**
 * The policy pack's vocabulary: a rule looks at one resource of the synthesized Terraform
 * JSON of one workspace and says compliant, non-compliant (with what it found) or not
 * applicable. Rules never read files and never see the config, only the JSON and the
 * workspace context, so what they check is exactly what Terraform would apply.
 */
import type { NamingContext } from '../naming';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export type Outcome =
  { readonly status: 'compliant' } | { readonly status: 'non-compliant'; readonly finding: string } | { readonly status: 'not-applicable' };

export const COMPLIANT: Outcome = { status: 'compliant' };
export const NOT_APPLICABLE: Outcome = { status: 'not-applicable' };
export const nonCompliant = (finding: string): Outcome => ({ status: 'non-compliant', finding });
/** Compliant when `finding` is undefined, otherwise non-compliant with that text. */
export const outcome = (finding: string | undefined): Outcome => (finding === undefined ? COMPLIANT : nonCompliant(finding));

/** One `resource` or `data` block of a synthesized workspace. */
export interface ResourceView {
  /** `aws_s3_bucket`, or `data.aws_iam_policy_document` for a data source. */
  readonly type: string;
  /** Terraform address: `aws_s3_bucket.customer_uploads_bucket_56C30646`. */
  readonly address: string;
  /** Construct path from cdktf metadata: `customer-acme/customer/uploads/bucket`. */
  readonly path: string;
  /** The block's arguments as synthesized (the `//` metadata removed). */
  readonly body: Readonly<Record<string, unknown>>;
}

export type WorkspaceKind = 'bootstrap' | 'platform' | 'customer';

/** One IAM statement, whether written as a policy-document data source or as JSON. */
export interface Statement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `{ type: 'AWS' | 'Service' | '*' | …, identifiers }`; empty for identity policies. */
  readonly principals: readonly { readonly type: string; readonly identifiers: readonly string[] }[];
  readonly conditions: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

export interface PolicyContext {
  readonly workspace: string;
  readonly kind: WorkspaceKind;
  /** The customer a customer workspace belongs to. */
  readonly customer?: string;
  /** The customer is marked `decommission: true`: its data stores may be deleted. */
  readonly decommissioning?: boolean;
  /** Every customer of the fleet, for tenant-isolation checks. */
  readonly customers: readonly string[];
  readonly naming: NamingContext;
  /** Every resource and data block of the workspace. */
  readonly resources: readonly ResourceView[];
  /** The block an interpolation such as `${aws_kms_key.x.arn}` or `${data.aws_iam_policy_document.y.json}` points at. */
  resolve(reference: unknown): ResourceView | undefined;
  /** Resources of `type` whose `attribute` refers to `target` (`bucket = "${aws_s3_bucket.b.id}"`). */
  attached(target: ResourceView, type: string, attribute?: string): ResourceView[];
  /** The statements of a policy argument (a data-source reference or a JSON string); undefined when unreadable. */
  statements(policy: unknown): Statement[] | undefined;
}

export interface PolicyRule {
  /** Stable id used in waivers: `TW-<AREA>-<NNN>`. */
  readonly id: string;
  readonly severity: Severity;
  /** The Checkov check this rule corresponds to, when there is one. */
  readonly checkov?: string;
  /** Terraform types the rule looks at (`data.<type>` for data sources). */
  readonly resourceTypes: readonly string[];
  /** What the rule checks, one line (shown in the README table). */
  readonly description: string;
  /** How to make the resource compliant. */
  readonly fix: string;
  /** Tenant-isolation rules are not: no reason makes a cross-tenant grant acceptable. */
  readonly waivable: boolean;
  evaluate(resource: ResourceView, context: PolicyContext): Outcome;
}

/** A rule that did not hold for one resource. */
export interface Finding {
  readonly rule: PolicyRule;
  readonly workspace: string;
  readonly resource: ResourceView;
  readonly finding: string;
}
