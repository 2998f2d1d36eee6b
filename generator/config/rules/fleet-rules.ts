import { customerNameKeys } from './derived-names';
import type { ConfigIssue } from '../../errors';
import type { PlatformConfig, ResolvedCustomer } from '../../../contract/config';
import type { FleetRule, RuleContext } from './types';

export const FLEET_RULES: readonly FleetRule[] = [
  {
    id: 'unique-domain',
    description: 'no two customers share a domain (compared case-insensitively)',
    check: (customers) => duplicates(customers, (c) => c.config.domain.toLowerCase(), 'domain', 'unique-domain', 'domain'),
  },
  {
    id: 'unique-names',
    description: 'no two customers derive the same AWS name or state key',
    check: (customers, ctx) => {
      const owner = new Map<string, string>();
      const out: ConfigIssue[] = [];
      for (const c of customers) {
        const keys = [`state key ${c.config.name}`, ...customerNameKeys(ctx.platform, c.config)];
        for (const key of new Set(keys)) {
          const other = owner.get(key);
          if (other && other !== c.config.name) {
            out.push({
              code: 'rule.unique-names',
              file: c.file,
              path: 'name',
              value: c.config.name,
              message: `${key} is also derived for customer "${other}"`,
              allowed: 'a name whose derived AWS names are unique',
            });
          } else owner.set(key, c.config.name);
        }
      }
      return out;
    },
  },
];

/** Every customer sharing a key gets an issue naming the others: which one should change is the user's call. */
function duplicates(
  customers: readonly ResolvedCustomer[],
  key: (c: ResolvedCustomer) => string,
  path: string,
  id: string,
  what: string,
): ConfigIssue[] {
  const groups = new Map<string, ResolvedCustomer[]>();
  for (const c of customers) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  return [...groups.entries()]
    .filter(([, group]) => group.length > 1)
    .flatMap(([k, group]) =>
      group.map((c) => {
        const others = group.filter((o) => o !== c).map((o) => `"${o.config.name}" (${o.file})`);
        return {
          code: `rule.${id}`,
          file: c.file,
          path,
          value: k,
          message: `${what} is also used by customer ${others.join(', ')}`,
          allowed: `a ${what} no other customer uses`,
        };
      }),
    );
}

export function runFleetRules(customers: readonly ResolvedCustomer[], platform: PlatformConfig): ConfigIssue[] {
  const ctx: RuleContext = { platform, folder: '' };
  return FLEET_RULES.flatMap((rule) => rule.check(customers, ctx));
}
