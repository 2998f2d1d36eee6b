import { type DataAwsIamPolicyDocumentStatement, DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';

/** GitHub's OIDC token issuer and the audience aws-actions/configure-aws-credentials asks for. */
export const GITHUB_OIDC = { host: 'token.actions.githubusercontent.com', audience: 'sts.amazonaws.com' } as const;

export interface GithubCiRolesProps {
  /** `owner/name` of the repository whose workflows may assume the roles. */
  readonly repository: string;
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
  readonly planRoleName: string;
  readonly applyRoleName: string;
  /**
   * GitHub environments the apply jobs run in (`*` allowed): only a job running in one of
   * them gets the apply role, so the environments' protection rules (required reviewers,
   * deployment branches: main) guard every apply.
   */
  readonly applyEnvironments: readonly string[];
  /** Branch the scheduled drift plans run on (they use the plan role too). */
  readonly defaultBranch: string;
  /** What the plan role reads of the state backend: the bucket and lock table ARNs, and the state key. */
  readonly state: { readonly bucketArn: string; readonly lockTableArn: string; readonly kmsKeyArn?: string; readonly kmsKeyAlias?: string };
}

/**
 * The GitHub Actions OIDC provider and the two roles CI assumes through it, trusted by
 * this repository only: the plan role (pull requests and drift plans on the default
 * branch) is read-only by construction (AWS ReadOnlyAccess plus reading state), the apply
 * role only for jobs in the apply environments.
 */
export class GithubCiRoles extends Construct {
  readonly planRole: IamRole;
  readonly applyRole: IamRole;

  constructor(scope: Construct, id: string, props: GithubCiRolesProps) {
    super(scope, id);
    const provider = new IamOpenidConnectProvider(this, 'provider', {
      url: `https://${GITHUB_OIDC.host}`,
      clientIdList: [GITHUB_OIDC.audience],
    });
    const trust = (name: string, test: 'StringEquals' | 'StringLike', subjects: string[]): DataAwsIamPolicyDocument =>
      new DataAwsIamPolicyDocument(this, `${name}-trust`, {
        statement: [
          {
            actions: ['sts:AssumeRoleWithWebIdentity'],
            principals: [{ type: 'Federated', identifiers: [provider.arn] }],
            condition: [
              { test: 'StringEquals', variable: `${GITHUB_OIDC.host}:aud`, values: [GITHUB_OIDC.audience] },
              { test, variable: `${GITHUB_OIDC.host}:sub`, values: subjects },
            ],
          },
        ],
      });
    const managed = (name: string) => `arn:${props.partition}:iam::aws:policy/${name}`;
    const repo = `repo:${props.repository}`;

    this.planRole = new IamRole(this, 'plan', {
      name: props.planRoleName,
      description: `Read-only: terraform plan of ${props.repository} pull requests and drift checks`,
      assumeRolePolicy: trust('plan', 'StringEquals', [`${repo}:pull_request`, `${repo}:ref:refs/heads/${props.defaultBranch}`]).json,
    });
    new IamRolePolicyAttachment(this, 'plan-read-only', { role: this.planRole.name, policyArn: managed('ReadOnlyAccess') });
    const { state } = props;
    const stateStatements: DataAwsIamPolicyDocumentStatement[] = [
      { sid: 'ReadState', actions: ['s3:GetObject', 's3:ListBucket'], resources: [state.bucketArn, `${state.bucketArn}/*`] },
      // Plans run with -lock=false; reading state still checks its digest in the lock table.
      { sid: 'ReadStateDigests', actions: ['dynamodb:GetItem', 'dynamodb:DescribeTable'], resources: [state.lockTableArn] },
      state.kmsKeyArn
        ? { sid: 'DecryptState', actions: ['kms:Decrypt'], resources: [state.kmsKeyArn] }
        : {
            sid: 'DecryptState',
            actions: ['kms:Decrypt'],
            resources: ['*'],
            condition: [{ test: 'ForAnyValue:StringEquals', variable: 'kms:ResourceAliases', values: [state.kmsKeyAlias ?? ''] }],
          },
      // Origin-verify values are drawn at plan time; the call reads and writes no secret.
      { sid: 'DrawRandomPasswords', actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] },
    ];
    new IamRolePolicy(this, 'plan-state', {
      name: 'read-terraform-state',
      role: this.planRole.id,
      policy: new DataAwsIamPolicyDocument(this, 'plan-state-document', { statement: stateStatements }).json,
    });

    this.applyRole = new IamRole(this, 'apply', {
      name: props.applyRoleName,
      description: `terraform apply of ${props.repository}, from its apply environments only`,
      assumeRolePolicy: trust(
        'apply',
        'StringLike',
        props.applyEnvironments.map((e) => `${repo}:environment:${e}`),
      ).json,
      maxSessionDuration: 7200,
    });
    new IamRolePolicyAttachment(this, 'apply-admin', { role: this.applyRole.name, policyArn: managed('AdministratorAccess') });
  }
}
