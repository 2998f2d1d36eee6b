import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../../contract/config';
import { albShardName, platformNames, STATE_KEYS } from '../naming';
import { AlbAccessLogs } from '../platform/alb-access-logs';
import { AlbSecurityGroup } from '../platform/alb-security-group';
import { Certificates } from '../platform/certificates';
import { activatesCostTags, costAllocationTagKeys, CostAllocationTags, PLATFORM_TIER } from '../platform/cost-allocation-tags';
import { FargateCluster } from '../platform/cluster';
import { PlatformDashboard } from '../platform/dashboard';
import { ExecSessionLogging } from '../platform/exec-sessions';
import { WAF_LOG_RETENTION_DAYS, WebAcl } from '../platform/web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { HttpsLoadBalancer } from '../platform/load-balancer';
import { Network } from '../platform/network';
import { PLATFORM_OUTPUTS, type PlatformOutputKey } from '../platform/output-contract';
import { ImageRegistry } from '../platform/registry';
import { terraformLiterals } from '../terraform-literal';
import { workspaceTags, WorkspaceStack } from './workspace-stack';

/** CloudFront only accepts certificates from this region. */
const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

export interface PlatformStackProps {
  readonly platform: PlatformConfig;
  /** ALB shards to create for pooled customers (at least one). */
  readonly albShardCount: number;
  /** Container ports customers route to: the only ports the ALB security group may reach. */
  readonly applicationPorts: readonly number[];
}

/** Shared infrastructure: network, cluster, registry, load balancers, certificates. */
export class PlatformStack extends WorkspaceStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    // The one place platform text is made literal for Terraform.
    const platform = terraformLiterals(props.platform);
    super(scope, id, { platform, stateKey: STATE_KEYS.platform, tags: { Tier: PLATFORM_TIER } });
    const names = platformNames(platform);
    const accountId = new DataAwsCallerIdentity(this, 'account', {}).accountId;
    const partition = new DataAwsPartition(this, 'partition', {}).partition;

    const network = new Network(this, 'network', {
      context: platform,
      cidr: platform.network.cidr,
      azCount: platform.network.azCount,
      natGateways: platform.network.natGateways,
      region: platform.region,
      accountId,
      flowLogRetentionDays: platform.network.flowLogRetentionDays,
    });
    const execSessions = new ExecSessionLogging(this, 'exec-sessions', {
      logGroupName: names.execLogGroup,
      keyAlias: names.execKeyAlias,
      partition,
      region: platform.region,
      accountId,
    });
    const cluster = new FargateCluster(this, 'cluster', {
      clusterName: names.cluster,
      execSessions: { kmsKeyArn: execSessions.key.arn, logGroupName: execSessions.logGroup.name },
    });
    const registry = new ImageRegistry(this, 'registry', {
      repositories: Object.fromEntries(platform.ecr.repositories.map((r) => [r, names.ecrRepository(r)])),
      immutableTags: platform.ecr.immutableTags,
      keepTaggedImages: platform.ecr.keepTaggedImages,
      untaggedExpiryDays: platform.ecr.untaggedExpiryDays,
    });

    const cloudfrontProvider =
      platform.region === CLOUDFRONT_CERTIFICATE_REGION
        ? undefined
        : new AwsProvider(this, 'aws-us-east-1', {
            alias: 'us_east_1',
            region: CLOUDFRONT_CERTIFICATE_REGION,
            defaultTags: [{ tags: workspaceTags(platform, { Tier: PLATFORM_TIER }) }],
          });
    const certificates = new Certificates(this, 'certificates', {
      domainName: platform.domain.name,
      hostedZoneId: platform.domain.hostedZoneId,
      certificateArn: platform.domain.certificateArn,
      cloudfrontProvider,
    });

    const accessLogs = new AlbAccessLogs(this, 'alb-access-logs', {
      bucketName: names.albAccessLogsBucket(accountId),
      retentionDays: platform.loadBalancer.accessLogRetentionDays,
      accountId,
    });
    const albSecurityGroup = new AlbSecurityGroup(this, 'alb-security-group', {
      groupName: names.albSecurityGroup,
      vpcId: network.vpc.id,
      vpcCidr: platform.network.cidr,
      applicationPorts: props.applicationPorts,
    });
    const shards = Array.from({ length: props.albShardCount }, (_, shard) => {
      const name = albShardName(platform, shard);
      return new HttpsLoadBalancer(this, `alb-${shard}`, {
        name,
        subnetIds: network.subnets.public.map((s) => s.id),
        securityGroupIds: [albSecurityGroup.securityGroup.id],
        certificateArn: certificates.certificateArn,
        accessLogsBucket: accessLogs.bucket.bucket,
        accessLogsPrefix: name,
        idleTimeoutSeconds: platform.loadBalancer.idleTimeoutSeconds,
        dependsOn: [accessLogs.policy],
      });
    });

    new PlatformDashboard(this, 'dashboard', {
      dashboardName: names.dashboard,
      region: platform.region,
      clusterName: cluster.cluster.name,
      albArnSuffixes: shards.map((s) => s.alb.arnSuffix),
      natGatewayIds: network.natGateways.map((n) => n.id),
    });

    const costTags = activatesCostTags(platform)
      ? new CostAllocationTags(this, 'cost-allocation-tags', { tagKeys: costAllocationTagKeys(platform) }).activatedKeys
      : [];
    // On unless _platform.json switches it off with a reason (waf.disabledReason).
    const waf = platform.waf;
    const webAcls = waf.enabled
      ? {
          regional: new WebAcl(this, 'web-acl', {
            name: names.regionalWebAcl,
            scope: 'REGIONAL',
            rateLimitPer5Minutes: waf.rateLimitPer5Minutes,
            logRetentionDays: WAF_LOG_RETENTION_DAYS,
          }).acl,
          cloudfront: new WebAcl(this, 'cloudfront-web-acl', {
            name: names.cloudfrontWebAcl,
            scope: 'CLOUDFRONT',
            rateLimitPer5Minutes: waf.rateLimitPer5Minutes,
            logRetentionDays: WAF_LOG_RETENTION_DAYS,
            provider: cloudfrontProvider,
          }).acl,
        }
      : undefined;
    if (webAcls)
      shards.forEach(
        (s, shard) => new Wafv2WebAclAssociation(this, `alb-${shard}-web-acl`, { resourceArn: s.alb.arn, webAclArn: webAcls.regional.arn }),
      );

    const values: Record<PlatformOutputKey, unknown> = {
      accountId,
      region: platform.region,
      vpcId: network.vpc.id,
      vpcCidr: network.vpc.cidrBlock,
      publicSubnetIds: network.subnets.public.map((s) => s.id),
      privateSubnetIds: network.subnets.private.map((s) => s.id),
      databaseSubnetIds: network.subnets.database.map((s) => s.id),
      clusterName: cluster.cluster.name,
      clusterArn: cluster.cluster.arn,
      execKmsKeyArn: execSessions.key.arn,
      execLogGroupName: execSessions.logGroup.name,
      albSecurityGroupId: albSecurityGroup.securityGroup.id,
      albHttpsListenerArns: shards.map((s) => s.httpsListener.arn),
      albDnsNames: shards.map((s) => s.alb.dnsName),
      albZoneIds: shards.map((s) => s.alb.zoneId),
      albArnSuffixes: shards.map((s) => s.alb.arnSuffix),
      albAccessLogsBucket: accessLogs.bucket.bucket,
      ecrRepositoryUrls: Object.fromEntries(Object.entries(registry.repositories).map(([image, r]) => [image, r.repositoryUrl])),
      hostedZoneId: certificates.zone.zoneId,
      certificateArn: certificates.certificateArn,
      cloudfrontCertificateArn: certificates.cloudfrontCertificateArn,
      costAllocationTags: costTags,
      wafRegionalAclArn: webAcls?.regional.arn ?? '',
      wafCloudfrontAclArn: webAcls?.cloudfront.arn ?? '',
    };
    for (const [key, output] of Object.entries(PLATFORM_OUTPUTS)) {
      new TerraformOutput(this, output.name, { value: values[key as PlatformOutputKey], description: output.description });
    }
  }
}
