import { describe, expect, it } from 'vitest';
import { ConfigError, formatIssue, UsageError, usageIssues } from '../../generator/errors';

describe('one error model: usage errors are config issues with the same formatter', () => {
  it('formats a usage error exactly like a config issue, with its stable code and no count header', () => {
    const issue = usageIssues.noSuchWorkspace('changed.json', 'customer-nope', ['customer-acme', 'platform']);

    const err = new UsageError(issue);

    expect(err).toBeInstanceOf(ConfigError);
    expect(err.issues).toEqual([issue]);
    expect(err.message).toBe(formatIssue(issue));
    expect(err.message).toBe(
      [
        'changed.json: changed: no workspace "customer-nope"',
        '  allowed:  one of customer-acme, platform',
        '  code:     cli.no-such-workspace',
      ].join('\n'),
    );
  });

  it('shows the value received when the issue has one', () => {
    const err = new UsageError(usageIssues.planNotAnObject('plan.json', [1, 2]));

    expect(err.message).toBe(
      [
        'plan.json: (root): not a JSON object',
        '  received: [1,2]',
        '  allowed:  the output of terraform show -json <planfile>',
        '  code:     plan.not-an-object',
      ].join('\n'),
    );
  });
});
