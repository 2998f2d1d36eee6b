import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import type { Construct } from 'constructs';

/** The longest an object may stay at the edge, whatever the origin says. */
export const MAX_EDGE_TTL_SECONDS = 31536000;

/**
 * Cache policy of the static assets: kept `defaultTtlSeconds` at the edge unless the
 * origin's Cache-Control says otherwise, keyed by path only (no headers, cookies or
 * query strings), compressed objects cached separately.
 */
export function assetsCachePolicy(
  scope: Construct,
  id: string,
  name: string,
  domain: string,
  defaultTtlSeconds: number,
): CloudfrontCachePolicy {
  return new CloudfrontCachePolicy(scope, id, {
    name,
    comment: `Static assets of ${domain}: ${defaultTtlSeconds} s at the edge by default`,
    minTtl: 0,
    defaultTtl: defaultTtlSeconds,
    maxTtl: Math.max(defaultTtlSeconds, MAX_EDGE_TTL_SECONDS),
    parametersInCacheKeyAndForwardedToOrigin: {
      headersConfig: { headerBehavior: 'none' },
      cookiesConfig: { cookieBehavior: 'none' },
      queryStringsConfig: { queryStringBehavior: 'none' },
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    },
  });
}

/**
 * The usual security headers on every response, overriding what the origin sends:
 * HSTS (with subdomains), nosniff, SAMEORIGIN framing and a strict referrer policy.
 */
export function securityHeadersPolicy(
  scope: Construct,
  id: string,
  name: string,
  domain: string,
  hstsMaxAgeSeconds: number,
): CloudfrontResponseHeadersPolicy {
  return new CloudfrontResponseHeadersPolicy(scope, id, {
    name,
    comment: `Security headers of ${domain}`,
    securityHeadersConfig: {
      strictTransportSecurity: { accessControlMaxAgeSec: hstsMaxAgeSeconds, includeSubdomains: true, preload: false, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: 'SAMEORIGIN', override: true },
      referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
      xssProtection: { protection: true, modeBlock: true, override: true },
    },
  });
}
