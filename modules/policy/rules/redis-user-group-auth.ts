import { strings } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-REDIS-003',
  severity: 'high',
  resourceTypes: ['aws_elasticache_replication_group'],
  description: 'ElastiCache clients authenticate as users of a user group whose "default" user is switched off',
  fix: 'Set user_group_ids to a user group of this workspace whose default user has access_string "off -@all" and whose application user uses IAM authentication.',
  waivable: true,
  evaluate(group, context) {
    const userGroup = context.resolve(strings(group.body.user_group_ids)[0]);
    if (!userGroup) return outcome('no user group of this workspace: any client that reaches the port is the default user');
    const users = strings(userGroup.body.user_ids).map((ref) => context.resolve(ref));
    const openDefault = users.find(
      (u) =>
        u?.body.user_name === 'default' &&
        !String(u.body.access_string ?? '')
          .trim()
          .startsWith('off'),
    );
    if (openDefault) return outcome(`the default user ${openDefault.address} is switched on`);
    return outcome(
      users.some((u) => u?.body.user_name === 'default')
        ? undefined
        : 'the user group has no "default" user of this workspace, so the account-wide default user applies',
    );
  },
};
