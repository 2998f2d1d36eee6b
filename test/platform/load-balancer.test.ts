import { describe, expect, it } from 'vitest';
import { HTTPS_SSL_POLICY, HttpsLoadBalancer, type HttpsLoadBalancerProps } from '../../modules/platform/load-balancer';
import { resources, synthJson } from './synth-json';

function synth(props: Partial<HttpsLoadBalancerProps> = {}): any {
  return synthJson((scope) => {
    new HttpsLoadBalancer(scope, 'lb', {
      name: 'saas-prod-alb-0',
      subnetIds: ['subnet-a', 'subnet-b'],
      securityGroupIds: ['sg-alb'],
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      accessLogsBucket: 'logs',
      accessLogsPrefix: 'alb-0',
      idleTimeoutSeconds: 60,
      ...props,
    });
  });
}

describe('HttpsLoadBalancer', () => {
  it('GIVEN defaults WHEN synthesized THEN the ALB drops invalid headers, refuses deletion and logs to the bucket', () => {
    const [alb] = resources(synth(), 'aws_lb');
    expect(alb).toMatchObject({
      load_balancer_type: 'application',
      internal: false,
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
      idle_timeout: 60,
      access_logs: { bucket: 'logs', prefix: 'alb-0', enabled: true },
    });
  });

  it('GIVEN overrides WHEN synthesized THEN idle timeout and deletion protection follow them', () => {
    const [alb] = resources(synth({ idleTimeoutSeconds: 120, deletionProtection: false }), 'aws_lb');
    expect(alb).toMatchObject({ idle_timeout: 120, enable_deletion_protection: false });
  });

  it('GIVEN the load balancer WHEN synthesized THEN HTTPS uses TLS 1.2+ with a 404 default and HTTP redirects with 301', () => {
    const listeners = resources(synth(), 'aws_lb_listener');
    const https = listeners.find((l) => l.protocol === 'HTTPS');
    const http = listeners.find((l) => l.protocol === 'HTTP');
    expect(https).toMatchObject({ port: 443, ssl_policy: HTTPS_SSL_POLICY, certificate_arn: expect.stringContaining(':certificate/') });
    expect(https.default_action).toEqual([
      { type: 'fixed-response', fixed_response: { content_type: 'text/plain', message_body: 'Not Found', status_code: '404' } },
    ]);
    expect(http).toMatchObject({
      port: 80,
      default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
    });
  });
});
