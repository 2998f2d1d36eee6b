import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempRepo } from '../helpers/repo';
import { dataSources, resources } from './synth-json';

const REPOSITORY = 'example/tenant-workspaces';

/** The statements of the policy document an attribute such as `${data.aws_iam_policy_document.x.json}` names. */
function documentOf(json: any, reference: string): any[] {
  const name = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference)![1];
  return json.data.aws_iam_policy_document[name].statement;
}

describe('GIVEN the bootstrap workspace WHEN synthesized', () => {
  let repo: TempRepo;
  let bootstrap: any;
  let roles: Record<string, any>;
  beforeAll(() => {
    repo = new TempRepo();
    repo.synth();
    bootstrap = repo.stack('bootstrap');
    roles = Object.fromEntries(resources(bootstrap, 'aws_iam_role').map((r) => [r.name, r]));
  });
  afterAll(() => repo?.dispose());

  it('THEN it trusts GitHub Actions through one OIDC provider for the STS audience', () => {
    expect(resources(bootstrap, 'aws_iam_openid_connect_provider')).toEqual([
      expect.objectContaining({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] }),
    ]);
    expect(Object.keys(roles).sort()).toEqual(['saas-prod-github-apply', 'saas-prod-github-plan']);
  });

  it("THEN the plan role is assumable only by this repository's pull requests and its default branch (drift), and is read-only", () => {
    const [trust] = documentOf(bootstrap, roles['saas-prod-github-plan'].assume_role_policy);
    expect(trust.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(trust.condition).toEqual([
      { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
      {
        test: 'StringEquals',
        variable: 'token.actions.githubusercontent.com:sub',
        values: [`repo:${REPOSITORY}:pull_request`, `repo:${REPOSITORY}:ref:refs/heads/main`],
      },
    ]);
    const attached = resources(bootstrap, 'aws_iam_role_policy_attachment').map((a) => [a.role, a.policy_arn]);
    expect(attached).toContainEqual([
      expect.stringContaining('github-ci_plan'),
      'arn:${data.aws_partition.partition.partition}:iam::aws:policy/ReadOnlyAccess',
    ]);
    const inline = resources(bootstrap, 'aws_iam_role_policy').find((p) => p.name === 'read-terraform-state');
    const actions: string[] = documentOf(bootstrap, inline.policy).flatMap((s) => s.actions);
    expect(actions.sort()).toEqual([
      'dynamodb:DescribeTable',
      'dynamodb:GetItem',
      'kms:Decrypt',
      's3:GetObject',
      's3:ListBucket',
      'secretsmanager:GetRandomPassword',
    ]);
  });

  it('THEN the apply role is assumable only by jobs in the apply environments', () => {
    const [trust] = documentOf(bootstrap, roles['saas-prod-github-apply'].assume_role_policy);
    expect(trust.condition[1]).toEqual({
      test: 'StringLike',
      variable: 'token.actions.githubusercontent.com:sub',
      values: [
        `repo:${REPOSITORY}:environment:platform`,
        `repo:${REPOSITORY}:environment:customers-wave-*`,
        `repo:${REPOSITORY}:environment:decommission`,
      ],
    });
  });

  it('THEN the roles are the ones the workflows assume, and it refuses to apply in another account than ci.accountId', () => {
    const plan = repo.path('.github/workflows/plan.yml');
    expect(readFileSync(plan, 'utf8')).toContain('role-to-assume: "arn:aws:iam::123456789012:role/saas-prod-github-plan"');
    const [identity] = dataSources(bootstrap, 'aws_caller_identity');
    expect(identity.lifecycle.postcondition[0].condition).toBe('${self.account_id == "123456789012"}');
    expect(Object.keys(bootstrap.output)).toEqual(expect.arrayContaining(['github_plan_role_arn', 'github_apply_role_arn']));
  });
});

describe('bad CI settings', () => {
  it('fails when ci.repository is not owner/name', () => {
    const repo = new TempRepo().edit('customers/_platform.json', (p) => (p.ci.repository = 'https://github.com/example/x'));
    try {
      expect(repo.rejection()).toEqual([
        expect.objectContaining({
          code: 'schema.pattern',
          file: 'customers/_platform.json',
          path: 'ci.repository',
          value: 'https://github.com/example/x',
        }),
      ]);
    } finally {
      repo.dispose();
    }
  });
});
