import type { Construct } from 'constructs';
import type { CustomerConfig, PlatformConfig } from '../../contract/config';
import { CustomerInstance } from '../customer-instance/customer-instance';
import { WorkspaceOutputs } from '../customer-instance/customer-outputs';
import { PlatformOutputs } from '../customer-instance/platform-output-reader';
import type { CustomerRouting } from '../customer-instance/routing';
import { customerNames } from '../naming';
import { terraformLiterals } from '../terraform-literal';
import { WorkspaceStack } from './workspace-stack';

export interface CustomerStackProps {
  readonly platform: PlatformConfig;
  /** The merged customer config, as validated (the stack makes its text literal for Terraform). */
  readonly customer: CustomerConfig;
  /** ALB shard and listener priorities allocated by the generator. */
  readonly routing: CustomerRouting;
}

/** Everything one customer owns, in its own workspace and state object. */
export class CustomerStack extends WorkspaceStack {
  readonly instance: CustomerInstance;

  constructor(scope: Construct, id: string, props: CustomerStackProps) {
    // The one place customer and platform text is made literal for Terraform.
    const platform = terraformLiterals(props.platform);
    const customer = terraformLiterals(props.customer);
    const { routing } = props;
    const names = customerNames(platform, customer.name);
    super(scope, id, {
      platform,
      stateKey: names.stateKey,
      tags: { ...customer.tags, Customer: customer.name, Tier: customer.tier },
    });
    const platformOutputs = new PlatformOutputs(this, 'platform', {
      stateBucket: platform.state.bucket,
      region: platform.region,
      stateKmsKeyId: platform.state.kmsKeyId,
    });
    this.instance = new CustomerInstance(this, 'customer', { platform, customer, routing, platformOutputs });
    new WorkspaceOutputs(this, 'outputs', { instance: this.instance, domain: customer.domain });
  }
}
