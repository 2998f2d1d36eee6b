import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/** TLS 1.3 with TLS 1.2 fallback: the strictest policy every current browser accepts. */
export const HTTPS_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export interface HttpsLoadBalancerProps {
  /** Load balancer name (at most 32 characters). */
  readonly name: string;
  /** Public subnets, one per AZ. */
  readonly subnetIds: string[];
  /** Security groups attached to the load balancer. */
  readonly securityGroupIds: string[];
  /** ACM certificate of the HTTPS listener, in the load balancer's region. */
  readonly certificateArn: string;
  /** Bucket receiving the access logs (SSE-S3, ELB log delivery allowed). */
  readonly accessLogsBucket: string;
  /** Key prefix of this load balancer's access logs in the bucket. */
  readonly accessLogsPrefix: string;
  /** Seconds an idle connection stays open (the platform's `loadBalancer.idleTimeoutSeconds`). */
  readonly idleTimeoutSeconds: number;
  /**
   * Whether the load balancer refuses to be deleted.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Resources that must exist first, such as the log bucket's policy (AWS checks log
   * delivery access when the load balancer is created).
   *
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An internet-facing application load balancer that only serves HTTPS: the HTTPS
 * listener answers 404 until listener rules route a host, and HTTP redirects to HTTPS.
 */
export class HttpsLoadBalancer extends Construct {
  readonly alb: Lb;
  readonly httpsListener: LbListener;

  constructor(scope: Construct, id: string, props: HttpsLoadBalancerProps) {
    super(scope, id);
    this.alb = new Lb(this, 'alb', {
      name: props.name,
      loadBalancerType: 'application',
      internal: false,
      subnets: props.subnetIds,
      securityGroups: props.securityGroupIds,
      idleTimeout: props.idleTimeoutSeconds,
      // Requests with malformed headers are a request-smuggling vector; never forward them.
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? true,
      accessLogs: { bucket: props.accessLogsBucket, prefix: props.accessLogsPrefix, enabled: true },
      dependsOn: props.dependsOn,
    });
    this.httpsListener = new LbListener(this, 'https', {
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: HTTPS_SSL_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [
        { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', messageBody: 'Not Found', statusCode: '404' } },
      ],
    });
    new LbListener(this, 'http', {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
    });
  }
}
