import {
  CloudfrontDistribution,
  type CloudfrontDistributionOrderedCacheBehavior,
  type CloudfrontDistributionOrigin,
} from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { assetsCachePolicy, securityHeadersPolicy } from './cdn-policies';
import { ASSETS_PREFIX } from './storage';

/**
 * AWS managed CloudFront policies: their ids are fixed and documented
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html).
 */
export const MANAGED_POLICIES = {
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  /** Cached as the origin's Cache-Control says, keyed by query string too (pages vary by it). */
  useOriginCacheControlHeadersQueryStrings: '4cc15a8a-d715-48a4-82b8-cc0b614638fe',
  /** Forwards every viewer header, Host included, so the ALB's host rules still match. */
  allViewerOriginRequest: '216adef6-5c7f-47e4-b989-5492eafa07d3',
} as const;
export const CDN_MINIMUM_TLS = 'TLSv1.2_2021';

const ALB_ORIGIN = 'alb';
const ASSETS_ORIGIN = 'assets';
const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'];

export interface CdnProps {
  /** The customer's host name, the distribution's alias. */
  readonly domain: string;
  /** DNS name of the customer's ALB, reached over HTTPS only. */
  readonly albDnsName: string;
  /** ACM certificate in us-east-1 covering `domain`. */
  readonly certificateArn: string;
  readonly priceClass: string;
  /** Path patterns of API routes: not cached, every method and the Authorization header forwarded. */
  readonly apiPathPatterns: readonly string[];
  /** Name of the API routes' cache policy (unique in the account). */
  readonly apiCachePolicyName: string;
  /**
   * Bucket whose `assets/` prefix CloudFront serves as `/assets/*`, read through an
   * origin access control of that name.
   *
   * @default - no assets origin
   */
  readonly assets?: {
    readonly bucket: S3Bucket;
    readonly originAccessControlName: string;
    /** Cache policy of /assets/*: its name and default edge TTL. */
    readonly cachePolicyName: string;
    readonly cacheTtlSeconds: number;
  };
  /**
   * Response headers policy adding the security headers (HSTS with this max-age) to every behavior.
   *
   * @default - no security headers added
   */
  readonly securityHeaders?: { readonly policyName: string; readonly hstsMaxAgeSeconds: number };
  /**
   * Standard access logs: the bucket's regional domain name and the key prefix.
   *
   * @default - no access logs
   */
  readonly accessLogs?: { readonly bucketDomainName: string; readonly prefix: string; readonly dependsOn: ITerraformDependable };
  /** Header (name and secret value) CloudFront adds to every request to the ALB, which the listener rules require. */
  readonly originVerify: { readonly name: string; readonly value: string };
  /**
   * The platform's CLOUDFRONT-scope WAF web ACL (ARN).
   *
   * @default - no WAF
   */
  readonly webAclArn?: string;
}

/**
 * CloudFront in front of the customer's ALB: HTTPS-only origin with the viewer's Host
 * header (the listener rules route by host), HTTP redirected to HTTPS, TLS 1.2_2021 at
 * least; API paths uncached with Authorization forwarded, everything else cached as the
 * origin's headers say.
 */
export class Cdn extends Construct {
  readonly distribution: CloudfrontDistribution;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const origins: CloudfrontDistributionOrigin[] = [
      {
        originId: ALB_ORIGIN,
        domainName: props.albDnsName,
        customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
        customHeader: [{ name: props.originVerify.name, value: props.originVerify.value }],
      },
    ];
    const behaviors: CloudfrontDistributionOrderedCacheBehavior[] = [];
    const responseHeadersPolicyId = props.securityHeaders
      ? securityHeadersPolicy(
          this,
          'security-headers',
          props.securityHeaders.policyName,
          props.domain,
          props.securityHeaders.hstsMaxAgeSeconds,
        ).id
      : undefined;
    if (props.assets) {
      const oac = new CloudfrontOriginAccessControl(this, 'assets-access', {
        name: props.assets.originAccessControlName,
        description: `Reads ${props.domain} assets`,
        originAccessControlOriginType: 's3',
        signingBehavior: 'always',
        signingProtocol: 'sigv4',
      });
      origins.push({ originId: ASSETS_ORIGIN, domainName: props.assets.bucket.bucketRegionalDomainName, originAccessControlId: oac.id });
      behaviors.push({
        pathPattern: `/${ASSETS_PREFIX}*`,
        targetOriginId: ASSETS_ORIGIN,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: assetsCachePolicy(this, 'assets-cache', props.assets.cachePolicyName, props.domain, props.assets.cacheTtlSeconds).id,
        responseHeadersPolicyId,
        compress: true,
      });
    }
    // CloudFront forwards Authorization only when it is part of the cache key, which the
    // managed CachingDisabled policy (TTL 0) cannot hold: a policy with TTLs 0/0/1 can.
    const apiCache = props.apiPathPatterns.length
      ? new CloudfrontCachePolicy(this, 'api-cache', {
          name: props.apiCachePolicyName,
          comment: `API routes of ${props.domain}: not cached, Authorization forwarded`,
          minTtl: 0,
          defaultTtl: 0,
          maxTtl: 1,
          parametersInCacheKeyAndForwardedToOrigin: {
            headersConfig: { headerBehavior: 'whitelist', headers: { items: ['Authorization'] } },
            cookiesConfig: { cookieBehavior: 'none' },
            queryStringsConfig: { queryStringBehavior: 'all' },
          },
        })
      : undefined;
    for (const pathPattern of props.apiPathPatterns) {
      behaviors.push({
        pathPattern,
        targetOriginId: ALB_ORIGIN,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ALL_METHODS,
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: apiCache!.id,
        originRequestPolicyId: MANAGED_POLICIES.allViewerOriginRequest,
        responseHeadersPolicyId,
        compress: true,
      });
    }
    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: props.domain,
      aliases: [props.domain],
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      priceClass: props.priceClass,
      origin: origins,
      defaultCacheBehavior: {
        targetOriginId: ALB_ORIGIN,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ALL_METHODS,
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: MANAGED_POLICIES.useOriginCacheControlHeadersQueryStrings,
        originRequestPolicyId: MANAGED_POLICIES.allViewerOriginRequest,
        responseHeadersPolicyId,
        compress: true,
      },
      loggingConfig: props.accessLogs
        ? { bucket: props.accessLogs.bucketDomainName, prefix: props.accessLogs.prefix, includeCookies: false }
        : undefined,
      dependsOn: props.accessLogs ? [props.accessLogs.dependsOn] : undefined,
      orderedCacheBehavior: behaviors,
      viewerCertificate: { acmCertificateArn: props.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: CDN_MINIMUM_TLS },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      webAclId: props.webAclArn,
    });
  }
}
