import { Document, type Scalar, type YAMLSeq } from 'yaml';

/**
 * The Checkov configuration CI scans generated/ with. Its skip list is derived, never
 * written by hand: the Checkov id of every rule a config waiver covers, plus the checks
 * this platform deliberately does not follow (below, each with its reason). Checkov has
 * no per-resource suppression for terraform_json, so a waiver scoped to one resource
 * skips that Checkov check for the whole scan; the pack keeps enforcing the rule on every
 * other resource.
 */
export interface CheckovSkip {
  readonly checkov: string;
  readonly reasons: readonly string[];
}

/** Checkov checks that fail on this platform's output by design; each reason is printed into the config. */
export const CHECKOV_DESIGN_CHOICES: readonly CheckovSkip[] = [
  {
    checkov: 'CKV_AWS_144',
    reasons: [
      'S3 cross-region replication: tenant data stays in the platform region; versioning and lifecycle rules recover deleted objects.',
    ],
  },
  {
    checkov: 'CKV2_AWS_62',
    reasons: ['S3 event notifications: nothing consumes bucket events, so a notification target would be an unused resource per bucket.'],
  },
  {
    checkov: 'CKV_AWS_143',
    reasons: ["S3 object lock: it would stop lifecycle expiry and the deletion of a decommissioned customer's data on request."],
  },
  {
    checkov: 'CKV2_AWS_71',
    reasons: [
      'ACM wildcard: one *.<domain> certificate serves every customer host name; per-customer certificates would hit the ACM quota at fleet size.',
    ],
  },
  {
    checkov: 'CKV_AWS_374',
    reasons: [
      'CloudFront geo restriction: customers serve a worldwide audience; restricting countries is a business decision per customer.',
    ],
  },
  {
    checkov: 'CKV_AWS_310',
    reasons: [
      'CloudFront origin failover: each customer has one regional origin (its load balancer); a second origin needs a second region.',
    ],
  },
  {
    checkov: 'CKV_AWS_305',
    reasons: ['CloudFront default root object: the origin is the load balancer, whose frontend service answers "/" itself.'],
  },
  {
    checkov: 'CKV2_AWS_32',
    reasons: [
      'CloudFront response headers policy: the frontend service sets its own security headers (HSTS, CSP), which a shared policy would override.',
    ],
  },
  {
    checkov: 'CKV_AWS_118',
    reasons: [
      'RDS enhanced monitoring: Performance Insights (TW-RDS-009) and CloudWatch alarms cover it without a monitoring role per customer.',
    ],
  },
  {
    checkov: 'CKV_AWS_161',
    reasons: [
      'RDS IAM authentication: services use the RDS-managed, rotated master secret (TW-RDS-012); IAM tokens cap new connections per second.',
    ],
  },
  {
    checkov: 'CKV2_AWS_30',
    reasons: [
      'PostgreSQL query logging: log_statement would copy tenant data into CloudWatch; errors and slow statements are exported (TW-RDS-006).',
    ],
  },
  {
    checkov: 'CKV_AWS_211',
    reasons: ['RDS CA certificate: instances created since 2024 get rds-ca-rsa2048-g1 by default, which this check asks for.'],
  },
  {
    checkov: 'CKV_AWS_31',
    reasons: [
      'ElastiCache AUTH token: clients authenticate as IAM users of a per-customer user group instead of a shared password (TW-REDIS-003).',
    ],
  },
  { checkov: 'CKV_AWS_223', reasons: ['ECS Exec logging: ECS Exec is never enabled (TW-ECS-013), so there are no sessions to log.'] },
  {
    checkov: 'CKV_AWS_224',
    reasons: ['ECS Exec logging with a CMK: ECS Exec is never enabled (TW-ECS-013), so there are no sessions to log.'],
  },
  {
    checkov: 'CKV_AWS_260',
    reasons: [
      'Port 80 from anywhere: only load balancers take it, and their HTTP listener only redirects to HTTPS (TW-SG-001, TW-LB-005).',
    ],
  },
  {
    checkov: 'CKV_AWS_338',
    reasons: [
      'Log retention of one year: retention is a per-tier cost decision (logs.retentionDays); TW-LOG-001 requires that one is set.',
    ],
  },
  ...['CKV_AWS_109', 'CKV_AWS_111', 'CKV_AWS_356'].map((checkov) => ({
    checkov,
    reasons: [
      'Checkov reads KMS key policies, whose Resource "*" is the key itself, as identity policies; the pack checks role policies (TW-IAM-002, TW-IAM-003) and key policies (TW-KMS-002, TW-TEN-003) separately.',
    ],
  })),
];

/**
 * Free text as one YAML comment line: every run of whitespace, control characters
 * (C0 and C1, so also NEL, which YAML 1.1 parsers such as Checkov's PyYAML read as a
 * line break) and Unicode line or paragraph separators becomes one space, so nothing a
 * config says can end the comment and start YAML of its own. The schema refuses control
 * characters in config text already; this is the one place text becomes a comment.
 */
export function yamlCommentText(text: string): string {
  return text.replace(/[\s\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim();
}

/** Merges skips per Checkov id (reasons kept in order, each once), ordered by id. */
export function mergeSkips(skips: readonly CheckovSkip[]): CheckovSkip[] {
  const merged = new Map<string, string[]>();
  for (const s of skips) {
    const reasons = merged.get(s.checkov) ?? [];
    for (const r of s.reasons) if (!reasons.includes(r)) reasons.push(r);
    merged.set(s.checkov, reasons);
  }
  return [...merged.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([checkov, reasons]) => ({ checkov, reasons }));
}

/**
 * The `.checkov.yaml` text: the skip list with every reason as a comment above its id.
 * The document is built and printed by the `yaml` library, so no value or comment is
 * concatenated into YAML by hand.
 */
export function renderCheckovConfig(skips: readonly CheckovSkip[], header: string): string {
  const merged = mergeSkips(skips);
  const doc = new Document({ framework: ['terraform_json'], 'skip-check': merged.map((s) => s.checkov) });
  doc.commentBefore = header
    .split('\n')
    .map((l) => ` ${yamlCommentText(l)}`.trimEnd())
    .join('\n');
  const ids = doc.get('skip-check', true) as YAMLSeq<Scalar<string>>;
  merged.forEach((s, i) => {
    ids.items[i].commentBefore = s.reasons.map((r) => ` ${yamlCommentText(r)}`).join('\n');
  });
  return doc.toString({ lineWidth: 0 });
}
