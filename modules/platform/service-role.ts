import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';

export interface ServiceRoleProps {
  /** IAM role name (at most 64 characters). */
  readonly roleName: string;
  /** Service principal allowed to assume the role, e.g. `ecs-tasks.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** Account the service must act for (`aws:SourceAccount`), against the confused deputy. */
  readonly sourceAccount: string;
  /** What the role may do, as one inline policy. */
  readonly statements: DataAwsIamPolicyDocumentStatement[];
}

/** An IAM role one AWS service assumes on behalf of this account, with one inline policy. */
export class ServiceRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: [props.servicePrincipal] }],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.sourceAccount] }],
        },
      ],
    });
    this.role = new IamRole(this, 'role', { name: props.roleName, assumeRolePolicy: trust.json });
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', { statement: props.statements });
    new IamRolePolicy(this, 'policy', { name: props.roleName, role: this.role.id, policy: permissions.json });
  }
}
