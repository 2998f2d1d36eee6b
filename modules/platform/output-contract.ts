/**
 * The platform workspace's documented outputs: the only way customer workspaces learn
 * about shared infrastructure (through terraform_remote_state). Renaming one is a
 * breaking change for every customer workspace.
 */
export const PLATFORM_OUTPUTS = {
  accountId: {
    name: 'account_id',
    description:
      'AWS account ID of the platform; customer workspaces use it instead of an STS lookup, so they plan without extra API calls.',
  },
  region: { name: 'region', description: 'AWS region of the platform.' },
  vpcId: { name: 'vpc_id', description: 'ID of the platform VPC.' },
  vpcCidr: { name: 'vpc_cidr', description: 'IPv4 CIDR of the platform VPC.' },
  publicSubnetIds: { name: 'public_subnet_ids', description: 'Public subnet IDs, one per AZ (load balancers, NAT).' },
  privateSubnetIds: { name: 'private_subnet_ids', description: 'Private application subnet IDs, one per AZ (ECS tasks).' },
  databaseSubnetIds: { name: 'database_subnet_ids', description: 'Database subnet IDs, one per AZ (RDS, ElastiCache); no internet route.' },
  clusterName: { name: 'ecs_cluster_name', description: 'Name of the shared ECS cluster.' },
  clusterArn: { name: 'ecs_cluster_arn', description: 'ARN of the shared ECS cluster.' },
  execKmsKeyArn: {
    name: 'ecs_exec_kms_key_arn',
    description: 'KMS key encrypting ECS Exec sessions on the shared cluster and their logs (tasks with ECS Exec decrypt with it).',
  },
  execLogGroupName: { name: 'ecs_exec_log_group_name', description: 'Log group recording ECS Exec sessions on the shared cluster.' },
  albSecurityGroupId: { name: 'alb_security_group_id', description: 'Security group of the shared ALBs (source of task ingress).' },
  albHttpsListenerArns: { name: 'alb_https_listener_arns', description: 'HTTPS listener ARN of each ALB shard, by shard index.' },
  albDnsNames: { name: 'alb_dns_names', description: 'DNS name of each ALB shard, by shard index.' },
  albZoneIds: { name: 'alb_zone_ids', description: 'Route 53 zone ID of each ALB shard, by shard index (for alias records).' },
  albArnSuffixes: {
    name: 'alb_arn_suffixes',
    description: 'ARN suffix of each ALB shard, by shard index (CloudWatch LoadBalancer dimension).',
  },
  albAccessLogsBucket: { name: 'alb_access_logs_bucket', description: 'Bucket receiving ALB access logs (dedicated ALBs log there too).' },
  ecrRepositoryUrls: { name: 'ecr_repository_urls', description: 'ECR repository URL by repository name.' },
  hostedZoneId: { name: 'hosted_zone_id', description: 'Route 53 hosted zone of the platform domain.' },
  certificateArn: { name: 'certificate_arn', description: 'ACM certificate (wildcard + apex) in the platform region, validated.' },
  cloudfrontCertificateArn: { name: 'cloudfront_certificate_arn', description: 'ACM certificate in us-east-1 for CloudFront, validated.' },
  costAllocationTags: {
    name: 'cost_allocation_tags',
    description:
      'Tag keys activated as cost-allocation tags (Customer, Tier, ...); known only once activated, so customer budgets check it before they are created.',
  },
  wafRegionalAclArn: {
    name: 'waf_regional_acl_arn',
    description: 'Regional WAF web ACL every ALB is associated with (dedicated ALBs too); empty when waf.enabled is false.',
  },
  wafCloudfrontAclArn: {
    name: 'waf_cloudfront_acl_arn',
    description: 'CloudFront-scope WAF web ACL (us-east-1) every distribution uses; empty when waf.enabled is false.',
  },
} as const;

export type PlatformOutputKey = keyof typeof PLATFORM_OUTPUTS;
