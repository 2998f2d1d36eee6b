import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import type { CustomerInstance } from './customer-instance';

export interface WorkspaceOutputsProps {
  readonly instance: CustomerInstance;
  /** The customer's host name. */
  readonly domain: string;
}

/** The customer workspace's documented outputs, snake_case, each with a description. */
export class WorkspaceOutputs extends Construct {
  constructor(scope: Construct, id: string, props: WorkspaceOutputsProps) {
    super(scope, id);
    const { instance } = props;
    const output = (name: string, value: unknown, description: string): void => {
      new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    };
    output('url', `https://${props.domain}`, 'Public URL of the customer.');
    output('ecs_cluster_name', instance.clusterName, "ECS cluster running the customer's services.");
    output(
      'service_names',
      Object.fromEntries([...instance.services].map(([name, s]) => [name, s.service.name])),
      'ECS service name by config service name.',
    );
    output('alerts_topic_arn', instance.alarms.topic.arn, 'SNS topic every alarm of the customer notifies.');
    if (instance.database) {
      output('database_endpoint', instance.database.primary.endpoint, 'PostgreSQL primary endpoint (host:port).');
      output(
        'database_secret_arn',
        instance.database.secretArn,
        'Secrets Manager secret holding the master user credentials (managed and rotated by RDS).',
      );
    }
    if (instance.cache)
      output('cache_endpoint', instance.cache.replicationGroup.primaryEndpointAddress, 'Redis primary endpoint (TLS, IAM authentication).');
    if (instance.uploads) output('uploads_bucket_name', instance.uploads.bucket.bucket, "Private S3 bucket for the customer's uploads.");
    if (instance.cdn)
      output('cdn_domain_name', instance.cdn.distribution.domainName, "CloudFront domain name the customer's DNS points at.");
    if (instance.dedicatedLoadBalancer)
      output('load_balancer_dns_name', instance.dedicatedLoadBalancer.loadBalancer.alb.dnsName, "DNS name of the customer's own ALB.");
  }
}
