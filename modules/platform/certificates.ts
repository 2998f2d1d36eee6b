import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

export interface CertificatesProps {
  /** Platform domain: the certificate covers it and `*.<domain>`. */
  readonly domainName: string;
  /** Public Route 53 hosted zone of the domain. */
  readonly hostedZoneId: string;
  /**
   * Existing certificate for the load balancers, in the platform region.
   *
   * @default - a DNS-validated wildcard + apex certificate is created
   */
  readonly certificateArn?: string;
  /**
   * Provider in us-east-1, where CloudFront requires its certificate.
   *
   * @default - the platform region is us-east-1: CloudFront uses the regional certificate
   */
  readonly cloudfrontProvider?: TerraformProvider;
}

/**
 * The hosted zone lookup and the TLS certificates of the platform domain: one for the
 * load balancers in the platform region and one in us-east-1 for CloudFront.
 */
export class Certificates extends Construct {
  readonly zone: DataAwsRoute53Zone;
  /** Validated certificate for the load balancers. */
  readonly certificateArn: string;
  /** Validated certificate in us-east-1 for CloudFront. */
  readonly cloudfrontCertificateArn: string;
  private validationRecord?: Route53Record;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: CertificatesProps,
  ) {
    super(scope, id);
    this.zone = new DataAwsRoute53Zone(this, 'zone', {
      zoneId: props.hostedZoneId,
      lifecycle: {
        postcondition: [
          {
            condition: `\${trimsuffix(self.name, ".") == "${props.domainName}"}`,
            errorMessage: `hosted zone ${props.hostedZoneId} must be the zone of ${props.domainName} (domain.hostedZoneId in customers/_platform.json)`,
          },
        ],
      },
    });
    this.certificateArn = props.certificateArn ?? this.validatedCertificate('regional');
    this.cloudfrontCertificateArn = props.cloudfrontProvider
      ? this.validatedCertificate('cloudfront', props.cloudfrontProvider)
      : this.certificateArn;
  }

  /** A wildcard + apex certificate, usable only once ACM has seen its DNS record. */
  private validatedCertificate(id: string, provider?: TerraformProvider): string {
    const certificate = new AcmCertificate(this, id, {
      provider,
      domainName: `*.${this.props.domainName}`,
      subjectAlternativeNames: [this.props.domainName],
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      // A replaced certificate must exist before listeners let go of the old one.
      lifecycle: { createBeforeDestroy: true },
    });
    this.validationRecord ??= this.recordFor(certificate);
    return new AcmCertificateValidation(this, `${id}-validated`, {
      provider,
      certificateArn: certificate.arn,
      validationRecordFqdns: [this.validationRecord.fqdn],
    }).certificateArn;
  }

  /**
   * ACM asks for one CNAME per name and account, the same for a name and its wildcard and
   * in every region, so one record validates both certificates. A single resource (no
   * for_each over values unknown until apply) also plans from an empty state.
   */
  private recordFor(certificate: AcmCertificate): Route53Record {
    const option = certificate.domainValidationOptions.get(0);
    return new Route53Record(this, 'validation-record', {
      zoneId: this.zone.zoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 60,
      // The record outlives certificates: an earlier certificate of these names may have left it.
      allowOverwrite: true,
    });
  }
}
