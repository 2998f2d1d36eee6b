import type { ConfigIssue } from '../../errors';
import type { CustomerConfig, PlatformConfig, ResolvedCustomer } from '../../../contract/config';

/** What a rule reports; the runner adds the rule id and the file. */
export interface Finding {
  readonly path: string;
  readonly message: string;
  readonly value?: unknown;
  readonly allowed: string;
  /** Which file to blame, when not the customer's own config.json. */
  readonly file?: string;
  /** Other values that together with `path` break the rule; the layer that set any of them may be the culprit. */
  readonly involves?: readonly string[];
}

export interface CustomerRule {
  readonly id: string;
  /** One line: what the rule guarantees. */
  readonly description: string;
  readonly check: (customer: CustomerConfig, ctx: RuleContext) => Finding[];
}

export interface FleetRule {
  readonly id: string;
  readonly description: string;
  readonly check: (customers: readonly ResolvedCustomer[], ctx: RuleContext) => ConfigIssue[];
}

export interface PlatformRule {
  readonly id: string;
  readonly description: string;
  readonly check: (platform: PlatformConfig) => Finding[];
}

export interface RuleContext {
  readonly platform: PlatformConfig;
  readonly folder: string;
}
