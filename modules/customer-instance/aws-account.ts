import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { Construct } from 'constructs';

export interface AwsAccountProps {
  /** Account id, from the platform's outputs (no STS call at plan time). */
  readonly accountId: string;
  /** Region the workspace deploys to. */
  readonly region: string;
}

/** The account, partition and region the workspace applies in, for building ARNs. */
export class AwsAccount extends Construct {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;

  constructor(scope: Construct, id: string, props: AwsAccountProps) {
    super(scope, id);
    this.accountId = props.accountId;
    // Read from the provider's region configuration: no API call.
    this.partition = new DataAwsPartition(this, 'partition').partition;
    this.region = props.region;
  }

  /** ARN of a regional resource of this account. */
  arn(service: string, resource: string): string {
    return `arn:${this.partition}:${service}:${this.region}:${this.accountId}:${resource}`;
  }
}
